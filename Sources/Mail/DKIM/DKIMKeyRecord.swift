/// The DNS TXT record that publishes a DKIM public key (RFC 6376 §3.6.1), such as
/// `v=DKIM1; k=rsa; p=MIIBIjANBgkq…`, written for a zone file or read back from `dig`.
public struct DKIMKeyRecord: Sendable, Hashable {
    /// The key type, `k=` (`rsa` when absent).
    public let keyType: String
    /// The public key data, `p=`, without white space; empty for a revoked key.
    public let publicKeyBase64: String

    /// The longest character-string of a TXT record (RFC 1035 §3.3).
    public static let maximumStringLength = 255

    /// The record that publishes `key`.
    public init(publishing key: DKIMPrivateKey) {
        keyType = key.keyType.rawValue
        publicKeyBase64 = key.publicKeyBase64
    }

    /// Reads a published record: its text as a DNS provider shows it (`v=DKIM1; k=rsa; p=…`) or
    /// as `dig +short TXT` prints it, in quoted strings (`"v=DKIM1; k=rsa; " "p=MIIB…"`), which
    /// are joined.
    ///
    /// - Throws: `MailError` with code `invalidDKIMRecord` when the text has no `p=` tag or a
    ///   tag that is not `name=value`, or `v=` is not `DKIM1`.
    public init(parsing text: String) throws(MailError) {
        let joined = Self.joiningQuotedStrings(text)
        var tags: [String: String] = [:]
        for tag in joined.split(separator: ";") {
            let trimmed = tag.trimmingCharacters(in: .whitespacesAndNewlines)
            if trimmed.isEmpty { continue }
            guard let equals = trimmed.firstIndex(of: "=") else {
                throw MailError(.invalidDKIMRecord, "the DKIM record has \(MailError.quotedForMessage(trimmed)) where a tag such as p=… belongs")
            }
            let name = trimmed[..<equals].trimmingCharacters(in: .whitespaces).lowercased()
            tags[name] = trimmed[trimmed.index(after: equals)...].filter { !$0.isWhitespace }
        }
        guard let publicKey = tags["p"] else {
            throw MailError(.invalidDKIMRecord, "the text has no p= tag, so it is not a DKIM key record (expected \"v=DKIM1; k=rsa; p=…\")")
        }
        if let version = tags["v"], version != "DKIM1" {
            throw MailError(.invalidDKIMRecord, "the DKIM record says v=\(version); it must be v=DKIM1")
        }
        keyType = tags["k"]?.lowercased() ?? "rsa"
        publicKeyBase64 = publicKey
    }

    /// The record's text, such as `v=DKIM1; k=rsa; p=MIIB…`.
    public var text: String {
        "v=DKIM1; k=\(keyType); p=\(publicKeyBase64)"
    }

    /// The text cut into character-strings of at most 255 bytes, as a TXT record holds them.
    public var characterStrings: [String] {
        let bytes = Array(text.utf8)
        return stride(from: 0, to: bytes.count, by: Self.maximumStringLength).map { start in
            String(decoding: bytes[start..<min(start + Self.maximumStringLength, bytes.count)], as: UTF8.self)
        }
    }

    /// The zone-file line for `identity`, such as
    /// `ks2026._domainkey.shop.example. IN TXT "v=DKIM1; k=rsa; p=MIIB…" "…"`.
    public func zoneFileLine(for identity: DKIMSigningIdentity) -> String {
        "\(identity.recordName). IN TXT " + characterStrings.map { "\"\($0)\"" }.joined(separator: " ")
    }

    /// Whether this published record holds the public half of `key`.
    public func publishes(_ key: DKIMPrivateKey) -> Bool {
        self == DKIMKeyRecord(publishing: key)
    }

    /// The contents of the quoted strings of `text` joined, or `text` itself when it has none.
    static func joiningQuotedStrings(_ text: String) -> String {
        guard text.contains("\"") else { return text }
        var joined = ""
        var inside = false
        var escaped = false
        for character in text {
            if inside {
                if escaped {
                    joined.append(character)
                    escaped = false
                } else if character == "\\" {
                    escaped = true
                } else if character == "\"" {
                    inside = false
                } else {
                    joined.append(character)
                }
            } else if character == "\"" {
                inside = true
            }
        }
        return joined
    }
}
