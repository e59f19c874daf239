/// One JSON object of text values on one line, written by hand: the bytes `JSONEncoder` writes with
/// `.sortedKeys` and `.withoutEscapingSlashes` for a `[String: String]`, at a fraction of its cost
/// (`keepsake preview --format json` writes a line per delivery, a million on Nowruz).
struct JSONLine {
    /// The line for `fields`, its keys in sorted order, without a line break.
    static func object(_ fields: [(key: String, value: String)]) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(fields.reduce(2) { $0 + $1.key.utf8.count + $1.value.utf8.count + 6 })
        bytes.append(UInt8(ascii: "{"))
        for (index, field) in fields.sorted(by: { $0.key < $1.key }).enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            appendString(field.key, to: &bytes)
            bytes.append(UInt8(ascii: ":"))
            appendString(field.value, to: &bytes)
        }
        bytes.append(UInt8(ascii: "}"))
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends `text` as a JSON string: quotes and backslashes escaped, control characters as
    /// `\b \f \n \r \t` or `\u00XX`, everything else (slashes, non-ASCII) as it is. Byte by byte:
    /// every byte of a multi-byte UTF-8 sequence is 0x80 or more, never one of those.
    static func appendString(_ text: String, to bytes: inout [UInt8]) {
        bytes.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"): bytes += [UInt8(ascii: "\\"), byte]
            case 0x08: bytes += [UInt8(ascii: "\\"), UInt8(ascii: "b")]
            case 0x0C: bytes += [UInt8(ascii: "\\"), UInt8(ascii: "f")]
            case 0x0A: bytes += [UInt8(ascii: "\\"), UInt8(ascii: "n")]
            case 0x0D: bytes += [UInt8(ascii: "\\"), UInt8(ascii: "r")]
            case 0x09: bytes += [UInt8(ascii: "\\"), UInt8(ascii: "t")]
            case 0..<0x20: bytes += Array("\\u00".utf8) + [hexDigit(byte >> 4), hexDigit(byte & 0xF)]
            default: bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    /// A lower-case hexadecimal digit.
    private static func hexDigit(_ value: UInt8) -> UInt8 {
        value < 10 ? UInt8(ascii: "0") + value : UInt8(ascii: "a") + value - 10
    }
}
