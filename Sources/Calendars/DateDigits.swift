/// Reads the fixed-width ASCII numbers of ISO 8601 dates without allocating.
enum DateDigits {
    /// The number written by exactly `count` ASCII digits starting at `start`, or nil.
    static func number(_ bytes: UnsafeBufferPointer<UInt8>, at start: Int, count: Int) -> Int? {
        guard start >= 0, start + count <= bytes.count else { return nil }
        var value = 0
        for index in start..<(start + count) {
            let byte = bytes[index]
            guard byte >= 0x30, byte <= 0x39 else { return nil }
            value = value * 10 + Int(byte - 0x30)
        }
        return value
    }

    /// Runs `body` over the UTF-8 bytes of `text`, contiguously.
    static func withBytes<Result>(
        of text: some StringProtocol, _ body: (UnsafeBufferPointer<UInt8>) -> Result
    ) -> Result {
        var string = String(text)
        return string.withUTF8(body)
    }

    /// `value` written with at least `width` digits, zero-padded.
    static func padded(_ value: Int, width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }
}
