extension MessageReader {
    /// The parts of a multipart body between its `--boundary` lines (RFC 2046 §5.1.1); the preamble
    /// and epilogue are dropped. A missing closing line (a message cut short) is noted, not refused.
    func multipart(
        _ bytes: [UInt8], _ range: Range<Int>, firstLine: Int, contentType: ContentType, depth: Int, state: inout ReadingState
    ) throws(InboundError) -> [MIMEPart] {
        guard let boundaryText = contentType.parameters["boundary"], !boundaryText.isEmpty, boundaryText.utf8.count <= 200 else {
            throw InboundError(.malformedMultipart, "the \(contentType.mimeType) part at line \(firstLine) has no boundary parameter (or one longer than 200 characters), so its parts cannot be found")
        }
        let delimiter = Array(("--" + boundaryText).utf8)
        var parts: [MIMEPart] = []
        var partStart: (offset: Int, line: Int)?
        var closed = false
        var start = range.lowerBound
        var line = firstLine
        while start < range.upperBound {
            var end = start
            while end < range.upperBound, bytes[end] != 0x0A { end += 1 }
            let lineBytes = bytes[start..<end]
            if lineBytes.starts(with: delimiter) {
                var rest = lineBytes.dropFirst(delimiter.count)
                let closing = rest.starts(with: [0x2D, 0x2D])
                if closing { rest = rest.dropFirst(2) }
                if rest.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) {
                    if let opened = partStart {
                        // The line break before a delimiter belongs to the delimiter.
                        var partEnd = start
                        if partEnd > opened.offset, bytes[partEnd - 1] == 0x0A { partEnd -= 1 }
                        if partEnd > opened.offset, bytes[partEnd - 1] == 0x0D { partEnd -= 1 }
                        parts.append(try entity(bytes, opened.offset..<partEnd, firstLine: opened.line, depth: depth + 1, inDigest: contentType.subtype == "digest", state: &state))
                    }
                    if closing { closed = true; break }
                    partStart = (min(end + 1, range.upperBound), line + 1)
                }
            }
            start = end + 1
            line += 1
        }
        if !closed {
            guard let opened = partStart else {
                throw InboundError(.malformedMultipart, "the \(contentType.mimeType) part at line \(firstLine) never uses its boundary \"\(boundaryText)\"")
            }
            parts.append(try entity(bytes, opened.offset..<range.upperBound, firstLine: opened.line, depth: depth + 1, inDigest: contentType.subtype == "digest", state: &state))
            state.unterminatedBoundaries.append(boundaryText)
        }
        return parts
    }
}
