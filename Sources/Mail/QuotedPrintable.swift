/// The quoted-printable transfer encoding (RFC 2045 §6.7) for text bodies.
///
/// Output lines are at most 76 characters including the `=` of a soft line break; a soft break
/// never splits an `=XX` escape; a space or tab at the end of a line is encoded (`=20`, `=09`) so
/// relays that strip trailing white space cannot change the text; `=` is always `=3D`, so the
/// output never contains `=_` (which MIME boundaries start with); and a line starting `From ` is
/// written `=46rom ` so mbox-style software does not mangle it.
enum QuotedPrintable {
    /// The longest encoded line, in characters, soft-break `=` included.
    static let maximumLineLength = 76

    /// The body encoded, its line breaks (CR, LF or CRLF) written as CRLF hard breaks. The result
    /// ends with CRLF (a soft line break if the text does not end with a line break), or is empty
    /// for empty text.
    static func encode(_ text: String) -> [UInt8] {
        if text.isEmpty { return [] }
        let lines = BodyLines.split(text)
        var output: [UInt8] = []
        for (number, line) in lines.enumerated() {
            let isLast = number == lines.count - 1
            if isLast && line.isEmpty { break }
            appendEncodedLine(line, to: &output, endsWithSoftBreak: isLast)
            output += isLast ? Array("=\r\n".utf8) : Array("\r\n".utf8)
        }
        return output
    }

    /// Appends one hard line, folding it with soft line breaks into pieces of at most 76
    /// characters. When `endsWithSoftBreak` is set, room is kept for a final `=` too.
    private static func appendEncodedLine(_ line: ArraySlice<UInt8>, to output: inout [UInt8], endsWithSoftBreak: Bool) {
        let tokens = tokenize(line)
        var lineLength = 0
        for (position, token) in tokens.enumerated() {
            let isLastToken = position == tokens.count - 1
            // Every piece but the last needs room for its soft break "=".
            let limit = isLastToken && !endsWithSoftBreak ? maximumLineLength : maximumLineLength - 1
            if lineLength + token.count > limit {
                output += Array("=\r\n".utf8)
                lineLength = 0
            }
            output += token
            lineLength += token.count
        }
    }

    /// The line's bytes as output tokens: a literal character or a three-character `=XX` escape.
    private static func tokenize(_ line: ArraySlice<UInt8>) -> [[UInt8]] {
        var tokens: [[UInt8]] = []
        tokens.reserveCapacity(line.count)
        let startsWithFrom = line.starts(with: "From ".utf8)
        for (offset, byte) in line.enumerated() {
            let isLastByte = offset == line.count - 1
            let isWhitespace = byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t")
            let isLiteral = (byte >= 33 && byte <= 126 && byte != UInt8(ascii: "=")) || (isWhitespace && !isLastByte)
            if isLiteral && !(offset == 0 && startsWithFrom) {
                tokens.append([byte])
            } else {
                tokens.append(escape(byte))
            }
        }
        return tokens
    }

    /// `=XX` with two uppercase hex digits.
    private static func escape(_ byte: UInt8) -> [UInt8] {
        let digits = Array("0123456789ABCDEF".utf8)
        return [UInt8(ascii: "="), digits[Int(byte >> 4)], digits[Int(byte & 0x0F)]]
    }
}
