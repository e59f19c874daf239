/// Bytes to text in the charsets mail comes in: UTF-8, US-ASCII, ISO-8859-1 and Windows-1252
/// exactly; any other charset as UTF-8 with replacement characters, flagged as lossy.
public enum TextDecoding {
    /// Text decoded from a charset, and whether anything was replaced or guessed along the way.
    public struct Decoded: Sendable, Hashable {
        /// The text.
        public let text: String
        /// True when the charset is unknown here, or the bytes were not valid in it.
        public let isLossy: Bool
    }

    /// The charsets decoded exactly.
    public static let knownCharsets: Set<String> = [
        "utf-8", "utf8", "us-ascii", "ascii", "iso-8859-1", "iso8859-1", "latin1", "latin-1", "windows-1252", "cp1252",
    ]

    /// `bytes` read in `charset` (any case; nil means US-ASCII).
    public static func decode<Bytes: Collection>(_ bytes: Bytes, charset: String?) -> Decoded where Bytes.Element == UInt8 {
        let name = (charset ?? "us-ascii").lowercased().trimmingSpaces()
        switch name {
        case "iso-8859-1", "iso8859-1", "latin1", "latin-1":
            return Decoded(text: String(String.UnicodeScalarView(bytes.map { Unicode.Scalar($0) })), isLossy: false)
        case "windows-1252", "cp1252":
            return Decoded(text: windows1252(bytes), isLossy: false)
        case "utf-8", "utf8", "us-ascii", "ascii":
            // US-ASCII mail often carries 8-bit text anyway: read it as UTF-8, lossy only if it is not.
            if let text = String(validating: bytes, as: UTF8.self) { return Decoded(text: text, isLossy: false) }
            return Decoded(text: String(decoding: bytes, as: UTF8.self), isLossy: true)
        default:
            if bytes.allSatisfy({ $0 < 0x80 }) { return Decoded(text: String(decoding: bytes, as: UTF8.self), isLossy: false) }
            return Decoded(text: String(decoding: bytes, as: UTF8.self), isLossy: true)
        }
    }

    /// Header bytes as text: UTF-8 (RFC 6532) when valid, otherwise ISO-8859-1.
    static func headerString<Bytes: Collection>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
        String(validating: bytes, as: UTF8.self) ?? decode(bytes, charset: "iso-8859-1").text
    }

    /// At most 60 bytes of a line, quoted, for an error message.
    static func shown<Bytes: Collection>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
        let text = headerString(bytes.prefix(60)).unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7F ? "?" : String($0) }.joined()
        return "\"" + text + (bytes.count > 60 ? "…" : "") + "\""
    }

    /// Windows-1252: ISO-8859-1 except 0x80–0x9F, which hold typographic characters.
    static func windows1252<Bytes: Collection>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
        var scalars = String.UnicodeScalarView()
        for byte in bytes {
            if byte >= 0x80, byte <= 0x9F, let scalar = Unicode.Scalar(windows1252High[Int(byte - 0x80)]) {
                scalars.append(scalar)
            } else {
                scalars.append(Unicode.Scalar(byte))
            }
        }
        return String(scalars)
    }

    /// 0x80–0x9F of Windows-1252 (the five unassigned bytes map to the C1 control of the same value).
    private static let windows1252High: [UInt32] = [
        0x20AC, 0x81, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8D, 0x017D, 0x8F,
        0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x9D, 0x017E, 0x0178,
    ]
}
