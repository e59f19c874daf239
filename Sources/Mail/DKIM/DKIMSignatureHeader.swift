/// Writes one `DKIM-Signature:` header field, folded so that lines stay within 78 characters
/// (a `d=` or `s=` longer than a line stays whole, within 998): tags separated by `; `, the `h=`
/// list folded after its colons, and the `b=` value last, spread over as many lines as it needs.
struct DKIMSignatureHeader {
    /// The longest line written where the tags allow it (RFC 5322 §2.1.1).
    static let lineLength = 78
    /// How a line is folded: CRLF and one space.
    static let fold = "\r\n "

    /// The field up to and including `b=`, folded: what is hashed (with relaxed canonicalization)
    /// before the signature exists.
    private(set) var unsigned = "DKIM-Signature:"
    private var lineLength = "DKIM-Signature:".utf8.count

    /// Starts the field with every tag of `identity`'s signature except the value of `b=`.
    ///
    /// - Parameters:
    ///   - signedHeaderNames: The `h=` list, in order, lower-case names, repeated as signed.
    ///   - bodyHash: The base64 SHA-256 of the canonicalized body (`bh=`).
    init(identity: DKIMSigningIdentity, signedHeaderNames: [String], bodyHash: String) {
        append("v=1;", separator: " ")
        append("a=\(identity.key.keyType.signatureAlgorithm);", separator: " ")
        append("c=relaxed/relaxed;", separator: " ")
        append("d=\(identity.domain);", separator: " ")
        append("s=\(identity.selector);", separator: " ")
        for (position, name) in signedHeaderNames.enumerated() {
            let isLast = position == signedHeaderNames.count - 1
            append((position == 0 ? "h=" : "") + name + (isLast ? ";" : ":"), separator: position == 0 ? " " : "")
        }
        append("bh=\(bodyHash);", separator: " ")
        append("b=", separator: " ")
    }

    /// The complete field with the base64 `signature` as the value of `b=`, ending in CRLF.
    func signed(with signature: String) -> String {
        var field = unsigned
        var remaining = Substring(signature)
        var room = Self.lineLength - lineLength
        while !remaining.isEmpty {
            if room <= 0 {
                field += Self.fold
                room = Self.lineLength - 1
            }
            let piece = remaining.prefix(room)
            field += piece
            remaining = remaining.dropFirst(piece.count)
            room -= piece.count
        }
        return field + "\r\n"
    }

    /// Adds a tag (or a piece of one) after `separator` on the current line, or on a new folded
    /// line when it would not fit.
    private mutating func append(_ piece: String, separator: String) {
        let length = piece.utf8.count
        if lineLength + separator.utf8.count + length <= Self.lineLength {
            unsigned += separator + piece
            lineLength += separator.utf8.count + length
        } else {
            unsigned += Self.fold + piece
            lineLength = 1 + length
        }
    }
}
