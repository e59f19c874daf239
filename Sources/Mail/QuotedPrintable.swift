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
        var output = ByteOutput()
        output.bytes.reserveCapacity(text.utf8.count * 3 + 16)
        write(BodyLines.split(text), to: &output)
        return output.bytes
    }

    /// How many bytes ``encode(_:)`` would write for `text`, counted without writing them: enough to
    /// choose between quoted-printable and base64 before encoding with one of them.
    static func encodedLength(of lines: [ArraySlice<UInt8>]) -> Int {
        var counter = ByteCounter()
        write(lines, to: &counter)
        return counter.count
    }

    /// The lines of a body (``BodyLines/split(_:)``) encoded into `output`.
    private static func write(_ lines: [ArraySlice<UInt8>], to output: inout some QuotedPrintableOutput) {
        for (number, line) in lines.enumerated() {
            let isLast = number == lines.count - 1
            if isLast && line.isEmpty { break }
            appendEncodedLine(line, to: &output, endsWithSoftBreak: isLast)
            output.append(contentsOf: isLast ? softBreak : hardBreak)
        }
    }

    private static let softBreak: [UInt8] = Array("=\r\n".utf8)
    private static let hardBreak: [UInt8] = Array("\r\n".utf8)
    private static let hexDigits: [UInt8] = Array("0123456789ABCDEF".utf8)

    /// Appends one hard line, folding it with soft line breaks into pieces of at most 76
    /// characters. When `endsWithSoftBreak` is set, room is kept for a final `=` too.
    ///
    /// Each byte is one output token: itself, or a three-character `=XX` escape (`=`, bytes
    /// outside printable ASCII, white space ending the line, and the `F` of a leading `From `).
    /// Written byte by byte into `output`, without a token array: it runs for every message sent.
    private static func appendEncodedLine(_ line: ArraySlice<UInt8>, to output: inout some QuotedPrintableOutput, endsWithSoftBreak: Bool) {
        let startsWithFrom = line.starts(with: "From ".utf8)
        let count = line.count
        var lineLength = 0
        var offset = 0
        for byte in line {
            let isLastByte = offset == count - 1
            let isWhitespace = byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t")
            let isLiteral = ((byte >= 33 && byte <= 126 && byte != UInt8(ascii: "=")) || (isWhitespace && !isLastByte))
                && !(offset == 0 && startsWithFrom)
            let tokenLength = isLiteral ? 1 : 3
            // Every piece but the last needs room for its soft break "=".
            let limit = isLastByte && !endsWithSoftBreak ? maximumLineLength : maximumLineLength - 1
            if lineLength + tokenLength > limit {
                output.append(contentsOf: softBreak)
                lineLength = 0
            }
            if isLiteral {
                output.append(byte)
            } else {
                output.appendEscape(UInt8(ascii: "="), hexDigits[Int(byte >> 4)], hexDigits[Int(byte & 0x0F)])
            }
            lineLength += tokenLength
            offset += 1
        }
    }
}

/// Where quoted-printable goes: the bytes themselves, or only their count.
protocol QuotedPrintableOutput {
    mutating func append(_ byte: UInt8)
    mutating func appendEscape(_ equals: UInt8, _ high: UInt8, _ low: UInt8)
    mutating func append(contentsOf bytes: [UInt8])
}

/// Quoted-printable written out.
struct ByteOutput: QuotedPrintableOutput {
    var bytes: [UInt8] = []
    mutating func append(_ byte: UInt8) { bytes.append(byte) }
    mutating func appendEscape(_ equals: UInt8, _ high: UInt8, _ low: UInt8) {
        bytes.append(equals)
        bytes.append(high)
        bytes.append(low)
    }
    mutating func append(contentsOf more: [UInt8]) { bytes.append(contentsOf: more) }
}

/// Quoted-printable only counted.
struct ByteCounter: QuotedPrintableOutput {
    var count = 0
    mutating func append(_ byte: UInt8) { count += 1 }
    mutating func appendEscape(_ equals: UInt8, _ high: UInt8, _ low: UInt8) { count += 3 }
    mutating func append(contentsOf more: [UInt8]) { count += more.count }
}
