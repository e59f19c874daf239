/// Lower-case hexadecimal text of bytes: digests, Message-IDs and MIME boundaries.
public enum Hexadecimal {
    /// `bytes` as lower-case hex digits, two per byte, after `prefix`.
    public static func lowercase(_ bytes: some Sequence<UInt8>, prefix: String = "") -> String {
        var text = Array(prefix.utf8)
        text.reserveCapacity(text.count + 2 * bytes.underestimatedCount)
        for byte in bytes {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }

    /// `byteCount` bytes from the system's secure random number generator, as hex digits.
    static func random(byteCount: Int) -> String {
        var generator = SystemRandomNumberGenerator()
        return lowercase((0..<byteCount).map { _ in UInt8.random(in: .min ... .max, using: &generator) })
    }

    private static let digits = Array("0123456789abcdef".utf8)
}
