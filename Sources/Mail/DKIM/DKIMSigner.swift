import Crypto

/// Signs composed messages with DKIM (RFC 6376), relaxed/relaxed: one `DKIM-Signature` field per
/// identity (an RSA one, and optionally an Ed25519 one, RFC 8463), prepended to the message.
///
/// - Signed fields: From, To, Subject, Date, Message-ID, MIME-Version, Content-Type,
///   Content-Transfer-Encoding, List-Unsubscribe, List-Unsubscribe-Post and Reply-To, those the
///   message has. Each is listed in `h=` once more than it occurs ("over-signing"), so a field
///   of that name added on the way — a second From or Subject — breaks the signature.
/// - No `t=` (signing time) and no `x=` (expiry): the signature depends on the message alone,
///   so `keepsake preview --out` shows the very bytes the relay gets.
/// - Cost: the body is canonicalized and hashed once (SHA-256) for all identities, the fields
///   once, then each identity hashes its own field and signs: about 0.8 ms for RSA-2048 and a
///   few µs for Ed25519.
public struct DKIMSigner: Sendable {
    /// The identities, in the order their fields appear (the first on top).
    public let identities: [DKIMSigningIdentity]

    /// The fields signed when present, in the order `h=` lists them.
    public static let signedFieldNames = [
        "from", "to", "subject", "date", "message-id", "mime-version", "content-type", "content-transfer-encoding",
        "list-unsubscribe", "list-unsubscribe-post", "reply-to",
    ]

    /// Creates a signer; `identities` holds one or more (normally RSA, then Ed25519).
    public init(_ identities: [DKIMSigningIdentity]) {
        precondition(!identities.isEmpty, "a DKIM signer needs at least one identity")
        self.identities = identities
    }

    /// The message with its DKIM-Signature fields in front.
    ///
    /// - Throws: `MailError` with code `unsignableMessage` when the bytes are not a message
    ///   (no empty line after the header, a header line without a colon), or `invalidDKIMKey`
    ///   when a key fails to sign.
    public func sign(_ message: [UInt8]) throws(MailError) -> [UInt8] {
        let fields = try signatureFields(for: message)
        var signed: [UInt8] = []
        signed.reserveCapacity(fields.count + message.count)
        signed += fields
        signed += message
        return signed
    }

    /// The DKIM-Signature fields for `message`, each ending in CRLF, to go in front of it.
    public func signatureFields(for message: [UInt8]) throws(MailError) -> [UInt8] {
        let header = try MessageHeaderFields(message)
        let body = RelaxedCanonicalization.body(message[header.bodyStart...])
        let bodyHash = String(decoding: Base64Lines.encodeUnwrapped(Array(SHA256.hash(data: body))), as: UTF8.self)
        let (names, canonicalFields) = Self.signedFields(of: header, in: message)
        var fieldsHash = SHA256()
        fieldsHash.update(data: canonicalFields)
        var output: [UInt8] = []
        for identity in identities {
            let field = DKIMSignatureHeader(identity: identity, signedHeaderNames: names, bodyHash: bodyHash)
            var canonicalSignatureField: [UInt8] = []
            RelaxedCanonicalization.appendHeader(Array(field.unsigned.utf8)[...], to: &canonicalSignatureField, withLineEnd: false)
            var hash = fieldsHash
            hash.update(data: canonicalSignatureField)
            let signature = try identity.key.signature(over: hash.finalize())
            output += Array(field.signed(with: String(decoding: Base64Lines.encodeUnwrapped(signature), as: UTF8.self)).utf8)
        }
        return output
    }

    /// The `h=` list and the canonicalized fields it covers, in that order. A name occurring N
    /// times is listed N + 1 times; its occurrences are taken from the bottom up (RFC 6376
    /// §5.4.2), and the extra listing covers none.
    static func signedFields(of header: MessageHeaderFields, in message: [UInt8]) -> (names: [String], canonical: [UInt8]) {
        var names: [String] = []
        var canonical: [UInt8] = []
        canonical.reserveCapacity(1_024)
        for name in signedFieldNames {
            let occurrences = header.fields.filter { $0.name == name }
            guard !occurrences.isEmpty else { continue }
            for field in occurrences.reversed() {
                names.append(name)
                RelaxedCanonicalization.appendHeader(message[field.range], to: &canonical)
            }
            names.append(name)
        }
        return (names, canonical)
    }
}
