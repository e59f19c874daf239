/// One header field as read: its name as written and its value unfolded (line breaks of folding
/// removed), with the raw bytes read as UTF-8, or as ISO-8859-1 when they are not UTF-8.
public struct HeaderField: Sendable, Hashable {
    /// The name as written, such as `Content-Type`.
    public let name: String
    /// The unfolded value without the leading space, encoded-words left as they are.
    public let value: String
}

/// The header fields of a message or part, in order; names compare without regard to case.
public struct HeaderBlock: Sendable, Hashable {
    /// The fields in the order they were written.
    public let fields: [HeaderField]

    /// The first field named `name` (any case), unfolded; nil when there is none.
    public func value(_ name: String) -> String? {
        fields.first { $0.name.caseInsensitiveEquals(name) }?.value
    }

    /// Every field named `name` (any case), in order.
    public func values(_ name: String) -> [String] {
        fields.filter { $0.name.caseInsensitiveEquals(name) }.map(\.value)
    }

    /// The first field named `name` with RFC 2047 encoded-words decoded, for unstructured text
    /// such as `Subject`.
    public func text(_ name: String) -> String? {
        value(name).map(EncodedWordDecoder.decode)
    }

    /// Reads a header block (no blank line inside) in `bytes[range]`; `lineNumber` is the block's
    /// first line in the message, for errors.
    ///
    /// With `endingAtMalformedLine` (a returned message's header, often cut or mangled by the
    /// reporting system), a line that is not a header field ends the block instead of failing it.
    static func read(
        _ bytes: [UInt8], _ range: Range<Int>, firstLine lineNumber: Int, limits: InboundLimits, endingAtMalformedLine: Bool = false
    ) throws(InboundError) -> HeaderBlock {
        var fields: [HeaderField] = []
        var name: [UInt8] = []
        var value: [UInt8] = []
        var line = lineNumber
        func finish() throws(InboundError) {
            guard !name.isEmpty else { return }
            guard fields.count < limits.maximumHeaderCount else {
                throw InboundError(.tooManyHeaders, "a header block has more than \(limits.maximumHeaderCount) fields (maximumHeaderCount); line \(line)")
            }
            fields.append(HeaderField(name: TextDecoding.headerString(name), value: TextDecoding.headerString(value).trimmingSpaces()))
            name = []
            value = []
        }
        var start = range.lowerBound
        while start < range.upperBound {
            var end = start
            while end < range.upperBound, bytes[end] != 0x0A { end += 1 }
            var content = end
            if content > start, bytes[content - 1] == 0x0D { content -= 1 }
            defer { start = end + 1; line += 1 }
            if content == start { continue }
            if bytes[start] == 0x20 || bytes[start] == 0x09 {
                // A continuation of the field before (folding): the line break goes, the white space stays.
                guard !name.isEmpty else {
                    if endingAtMalformedLine { break }
                    throw InboundError(.malformedHeader, "line \(line) is a continuation line with no header field before it")
                }
                value.append(contentsOf: bytes[start..<content])
            } else if start == range.lowerBound, line == 1, bytes[start..<content].starts(with: Array("From ".utf8)) {
                continue  // An mbox "From " line before the header.
            } else {
                guard let colon = bytes[start..<content].firstIndex(of: 0x3A), colon > start,
                      bytes[start..<colon].allSatisfy({ $0 > 0x20 && $0 < 0x7F })
                else {
                    if endingAtMalformedLine { break }
                    throw InboundError(.malformedHeader, "line \(line) is neither a \"Name: value\" header field nor a continuation: \(TextDecoding.shown(bytes[start..<content]))")
                }
                try finish()
                name = Array(bytes[start..<colon])
                value = Array(bytes[(colon + 1)..<content])
            }
            if value.count > limits.maximumHeaderLength {
                throw InboundError(.headerTooLong, "header field \(TextDecoding.headerString(name)) is longer than \(limits.maximumHeaderLength) bytes (maximumHeaderLength); line \(line)")
            }
        }
        try finish()
        return HeaderBlock(fields: fields)
    }
}

extension String {
    func caseInsensitiveEquals(_ other: String) -> Bool {
        utf8.count == other.utf8.count && lowercased() == other.lowercased()
    }

}

extension StringProtocol {
    /// Without leading and trailing spaces and tabs.
    func trimmingSpaces() -> String {
        var scalars = Substring(self)
        while let first = scalars.first, first == " " || first == "\t" { scalars.removeFirst() }
        while let last = scalars.last, last == " " || last == "\t" { scalars.removeLast() }
        return String(scalars)
    }
}
