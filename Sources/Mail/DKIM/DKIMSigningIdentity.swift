/// Who signs: the signing domain (`d=`), the selector (`s=`) under which the public key is
/// published at `SELECTOR._domainkey.DOMAIN`, and the private key.
public struct DKIMSigningIdentity: Sendable {
    /// The signing domain, lower-cased, such as `shop.example`.
    public let domain: String
    /// The selector, such as `ks2026`.
    public let selector: String
    /// The private key.
    public let key: DKIMPrivateKey

    /// Creates an identity.
    ///
    /// - Throws: `MailError` with code `invalidDKIMIdentity` when the domain is not a host name
    ///   such as `shop.example` or the selector is not made of dot-separated labels of letters,
    ///   digits and inner hyphens.
    public init(domain: String, selector: String, key: DKIMPrivateKey) throws(MailError) {
        if let problem = Self.domainProblem(domain) {
            throw MailError(.invalidDKIMIdentity, problem)
        }
        if let problem = Self.selectorProblem(selector) {
            throw MailError(.invalidDKIMIdentity, problem)
        }
        self.domain = domain.lowercased()
        self.selector = selector
        self.key = key
    }

    /// The DNS name the public key is published at, such as `ks2026._domainkey.shop.example`.
    public var recordName: String {
        "\(selector)._domainkey.\(domain)"
    }

    /// Why `domain` cannot be a signing domain, or nil when it can.
    public static func domainProblem(_ domain: String) -> String? {
        EmailAddress.domainProblem(domain).map { "invalid DKIM domain: \($0)" }
    }

    /// Why `selector` cannot be a DKIM selector (RFC 6376 §3.1: DNS labels of letters, digits and
    /// inner hyphens, separated by dots), or nil when it can.
    public static func selectorProblem(_ selector: String) -> String? {
        let shown = MailError.quotedForMessage(selector)
        guard !selector.isEmpty else { return "the DKIM selector is empty; name it, such as ks2026" }
        guard selector.utf8.count <= 63 * 2 else { return "the DKIM selector \(shown) is too long; keep it short, such as ks2026" }
        for label in selector.split(separator: ".", omittingEmptySubsequences: false) {
            if label.isEmpty {
                return "the DKIM selector \(shown) has an empty label (a dot at the start or end, or two dots in a row)"
            }
            if label.utf8.count > 63 {
                return "the DKIM selector \(shown) has a label longer than 63 characters"
            }
            if let character = label.first(where: { !EmailAddress.isLetterDigitOrHyphen($0) }) {
                return "the DKIM selector \(shown) contains \(MailError.quotedForMessage(String(character))); "
                    + "only letters, digits, hyphens and dots are allowed, such as ks2026 or mail-2026-03"
            }
            if label.hasPrefix("-") || label.hasSuffix("-") {
                return "the DKIM selector \(shown) has a label that starts or ends with a hyphen"
            }
        }
        return nil
    }
}
