/// The base64 transfer encoding (RFC 2045 §6.8) in lines of 76 characters, each ending in CRLF.
///
/// Used for bodies that are mostly non-ASCII (Persian, Arabic), where it is shorter than
/// quoted-printable. Its alphabet has no `_`, so it never contains a `=_` MIME boundary.
enum Base64Lines {
    /// The longest encoded line, in characters.
    static let maximumLineLength = 76

    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    /// How many bytes ``encode(_:)`` writes for `byteCount` bytes: 4 for every 3 (padded), and CRLF
    /// after every line of 76.
    static func encodedLength(byteCount: Int) -> Int {
        let characters = (byteCount + 2) / 3 * 4
        let lines = (characters + maximumLineLength - 1) / maximumLineLength
        return characters + 2 * lines
    }

    /// The bytes encoded, in lines of at most 76 characters, each ending in CRLF; empty for no bytes.
    static func encode(_ bytes: [UInt8]) -> [UInt8] {
        let encoded = encodeUnwrapped(bytes)
        var output: [UInt8] = []
        output.reserveCapacity(encoded.count + encoded.count / maximumLineLength * 2 + 2)
        var start = 0
        while start < encoded.count {
            let end = min(start + maximumLineLength, encoded.count)
            output += encoded[start..<end]
            output += [UInt8(ascii: "\r"), UInt8(ascii: "\n")]
            start = end
        }
        return output
    }

    /// The bytes as one unbroken run of base64 with `=` padding.
    static func encodeUnwrapped(_ bytes: [UInt8]) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity((bytes.count + 2) / 3 * 4)
        var index = 0
        while index < bytes.count {
            let first = UInt32(bytes[index])
            let second = index + 1 < bytes.count ? UInt32(bytes[index + 1]) : 0
            let third = index + 2 < bytes.count ? UInt32(bytes[index + 2]) : 0
            let group = first << 16 | second << 8 | third
            let available = min(3, bytes.count - index)
            for sextet in 0..<4 {
                if sextet <= available {
                    output.append(alphabet[Int((group >> UInt32(18 - 6 * sextet)) & 0x3F)])
                } else {
                    output.append(UInt8(ascii: "="))
                }
            }
            index += 3
        }
        return output
    }
}
