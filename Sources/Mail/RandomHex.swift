/// Random lowercase hexadecimal text from the system's secure random number generator, for
/// Message-IDs and MIME boundaries.
enum RandomHex {
    /// `byteCount` random bytes written as `2 * byteCount` lowercase hex digits.
    static func make(byteCount: Int) -> String {
        var generator = SystemRandomNumberGenerator()
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(byteCount * 2)
        for _ in 0..<byteCount {
            let byte = UInt8.random(in: .min ... .max, using: &generator)
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}
