/// Splits a body into lines, treating CRLF, a lone CR and a lone LF alike, so that every line
/// break reaches the wire as CRLF (the canonical form of MIME text, RFC 2045 §6.7 and §6.8).
enum BodyLines {
    /// The UTF-8 bytes of each line, without line ends. Text ending in a line break ends with an
    /// empty line; empty text is one empty line.
    static func split(_ text: String) -> [ArraySlice<UInt8>] {
        let bytes = Array(text.utf8)
        var lines: [ArraySlice<UInt8>] = []
        var lineStart = 0
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            guard byte == UInt8(ascii: "\r") || byte == UInt8(ascii: "\n") else {
                index += 1
                continue
            }
            lines.append(bytes[lineStart..<index])
            let isCRLF = byte == UInt8(ascii: "\r") && index + 1 < bytes.count && bytes[index + 1] == UInt8(ascii: "\n")
            index += isCRLF ? 2 : 1
            lineStart = index
        }
        lines.append(bytes[lineStart..<bytes.count])
        return lines
    }

    /// The text's UTF-8 bytes with every line break written as CRLF.
    static func canonicalBytes(_ text: String) -> [UInt8] {
        var bytes: [UInt8] = []
        for (number, line) in split(text).enumerated() {
            if number > 0 { bytes += [UInt8(ascii: "\r"), UInt8(ascii: "\n")] }
            bytes += line
        }
        return bytes
    }
}
