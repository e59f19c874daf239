/// RFC 2047 encoded-words (`=?charset?B|Q?text?=`) in header text, decoded; white space between
/// two adjacent encoded-words is dropped, as §6.2 says. A word that cannot be read stays as written.
enum EncodedWordDecoder {
    static func decode(_ value: String) -> String {
        guard value.contains("=?") else { return value }
        var result = ""
        var pendingSpace = ""
        var previousWasEncoded = false
        var rest = Substring(value)
        while !rest.isEmpty {
            if rest.hasPrefix("=?"), let (text, length) = word(rest) {
                if !previousWasEncoded { result += pendingSpace }
                pendingSpace = ""
                result += text
                rest = rest.dropFirst(length)
                previousWasEncoded = true
                continue
            }
            let character = rest.removeFirst()
            if character == " " || character == "\t" {
                pendingSpace.append(character)
                continue
            }
            result += pendingSpace
            pendingSpace = ""
            result.append(character)
            previousWasEncoded = false
        }
        return result + pendingSpace
    }

    /// The decoded text of the encoded-word at the start of `text` and its length in characters.
    private static func word(_ text: Substring) -> (String, Int)? {
        let pieces = text.dropFirst(2).split(separator: "?", maxSplits: 3, omittingEmptySubsequences: false)
        guard pieces.count == 4, pieces[3].hasPrefix("="), !pieces[0].isEmpty, pieces[2].count <= 75 * 4 else { return nil }
        let charset = pieces[0].split(separator: "*").first.map(String.init) ?? ""  // RFC 2231 language suffix.
        let payload = Array(pieces[2].utf8)
        let bytes: [UInt8]
        switch pieces[1].lowercased() {
        case "b": bytes = TransferDecoding.base64(payload[...])
        case "q": bytes = TransferDecoding.quotedPrintable(payload.map { $0 == UInt8(ascii: "_") ? 0x20 : $0 }[...])
        default: return nil
        }
        let length = 2 + pieces[0].count + 1 + pieces[1].count + 1 + pieces[2].count + 2
        return (TextDecoding.decode(bytes, charset: charset).text, length)
    }
}
