/// The header-like blocks of message/delivery-status and message/feedback-report parts: groups of
/// `Name: value` fields separated by blank lines (RFC 3464 §2.1, RFC 5965 §3.1).
enum ReportFields {
    /// The blocks of a report part's decoded body; lines that are not fields are skipped.
    static func blocks(of part: MIMEPart, limits: InboundLimits) -> [HeaderBlock] {
        guard case .bytes(let bytes) = part.body else {
            // Some systems send the status as message/rfc822-like parts; take the header then.
            if case .message(let inner) = part.body { return [inner.header] }
            return []
        }
        var blocks: [HeaderBlock] = []
        var start = 0
        var blockStart = 0
        func flush(_ end: Int) {
            if end > blockStart, let block = try? HeaderBlock.read(bytes, blockStart..<end, firstLine: 1, limits: limits, endingAtMalformedLine: true),
               !block.fields.isEmpty {
                blocks.append(block)
            }
        }
        while start < bytes.count {
            var end = start
            while end < bytes.count, bytes[end] != 0x0A { end += 1 }
            let blank = bytes[start..<end].allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }
            if blank {
                flush(start)
                blockStart = end + 1
            }
            start = end + 1
        }
        flush(bytes.count)
        return blocks
    }

    /// The address of a typed address field such as `rfc822; user@example.com` (or an address with
    /// no type, or `<user@example.com>`); nil for another address type or no address.
    static func address(_ value: String?) -> String? {
        guard var text = value?.trimmingSpaces(), !text.isEmpty else { return nil }
        if let semicolon = text.firstIndex(of: ";") {
            guard text[..<semicolon].trimmingSpaces().lowercased() == "rfc822" else { return nil }
            text = String(text[text.index(after: semicolon)...]).trimmingSpaces()
        }
        if text.hasPrefix("<"), let close = text.firstIndex(of: ">") { text = String(text[text.index(after: text.startIndex)..<close]) }
        return text.contains("@") && !text.contains(" ") ? text : nil
    }

    /// A field value without `(comments)`, trimmed.
    static func withoutComment(_ value: String) -> String {
        var depth = 0
        var result = ""
        for character in value {
            if character == "(" { depth += 1; continue }
            if character == ")" { depth = max(0, depth - 1); continue }
            if depth == 0 { result.append(character) }
        }
        return result.trimmingSpaces()
    }
}
