/// The header fields of a composed message as byte ranges, and where its body starts: what the
/// DKIM signer needs to pick the fields it signs without turning the message into text.
struct MessageHeaderFields {
    /// One header field.
    struct Field {
        /// The field name in lower case, such as `list-unsubscribe`.
        let name: String
        /// The field's bytes, from its name to the end of its last line, CRLF included.
        let range: Range<Int>
    }

    /// The fields in the order they appear.
    let fields: [Field]
    /// The index of the body's first byte, just after the empty line that ends the header.
    let bodyStart: Int

    /// Finds the fields of `message`.
    ///
    /// - Throws: `MailError` with code `unsignableMessage` when a header line has no colon, or
    ///   when no empty line separates the header from the body.
    init(_ message: [UInt8]) throws(MailError) {
        var fields: [Field] = []
        var index = 0
        while true {
            guard let lineEnd = Self.lineEnd(in: message, from: index) else {
                throw MailError(.unsignableMessage, "the message has no empty line after its header, so it cannot be DKIM-signed")
            }
            if lineEnd == index {
                bodyStart = index + 2
                break
            }
            let start = index
            var end = lineEnd + 2
            // Continuation lines start with white space.
            while end < message.count, RelaxedCanonicalization.isWhiteSpace(message[end]),
                  let next = Self.lineEnd(in: message, from: end) {
                end = next + 2
            }
            guard let colon = message[start..<lineEnd].firstIndex(of: RelaxedCanonicalization.colon) else {
                throw MailError(.unsignableMessage, "header line \(fields.count + 1) of the message has no colon, so it cannot be DKIM-signed")
            }
            var nameEnd = colon
            while nameEnd > start, RelaxedCanonicalization.isWhiteSpace(message[nameEnd - 1]) { nameEnd -= 1 }
            fields.append(Field(name: String(decoding: message[start..<nameEnd], as: UTF8.self).lowercased(), range: start..<end))
            index = end
        }
        self.fields = fields
    }

    /// The index of the CR of the next CRLF at or after `start`, or nil when there is none.
    private static func lineEnd(in message: [UInt8], from start: Int) -> Int? {
        var index = start
        while index + 1 < message.count {
            if message[index] == RelaxedCanonicalization.carriageReturn && message[index + 1] == RelaxedCanonicalization.lineFeed {
                return index
            }
            index += 1
        }
        return nil
    }
}
