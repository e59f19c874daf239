import Mail
import StrictYAML

/// Who the messages are from.
public struct SenderIdentity: Sendable {
    /// The `From:` mailbox, such as `Sahab Shop <hello@shop.example>` (`sender.from`).
    public var from: Mailbox
    /// The SMTP envelope sender (`MAIL FROM`), where bounces go (`sender.envelope_from`; default: the From address).
    public var envelopeFrom: EmailAddress
    /// The `Reply-To:` mailbox, if replies should go elsewhere (`sender.reply_to`).
    public var replyTo: Mailbox?
    /// The From domains campaigns may use, lower-cased (`sender.allowed_domains`; default: the From domain).
    /// Each must be aligned with the relay's DKIM and SPF for DMARC; the From domain is always among them.
    public var allowedDomains: [String]
    /// The domain after `@` in generated Message-IDs (`sender.message_id_domain`; default: the From domain).
    public var messageIDDomain: String
    /// Whether each message's envelope sender names its delivery (`sender.verp`; default false):
    /// `bounces+TOKEN@shop.example` for `envelope_from: bounces@shop.example`, so that a bounce
    /// arriving later says which delivery it is about.
    public var verp: Bool

    /// The longest `envelope_from` local part VERP can extend: `+`, a token of up to 30 characters
    /// (a ledger id of up to 19 digits, `-`, a 10-character signature) and it fit RFC 5321's 64 octets.
    public static let maximumVERPLocalPartLength = 33

    /// Creates a sender identity.
    public init(
        from: Mailbox, envelopeFrom: EmailAddress, replyTo: Mailbox?, allowedDomains: [String], messageIDDomain: String,
        verp: Bool = false
    ) {
        self.from = from
        self.envelopeFrom = envelopeFrom
        self.replyTo = replyTo
        self.allowedDomains = allowedDomains
        self.messageIDDomain = messageIDDomain
        self.verp = verp
    }
}

extension SenderIdentity {
    /// Reads the `sender` settings.
    static func read(_ settings: SettingsReader) throws(YAMLError) -> SenderIdentity {
        let fromValue = try settings.required("sender.from", example: "\"Sahab Shop <hello@shop.example>\"")
        let from = try fromValue.convert { text throws in try Mailbox(parsing: text) }
        let fromDomain = from.address.domain.lowercased()
        let envelopeFromValue = settings.explicit("sender.envelope_from")
        let envelopeFrom = try envelopeFromValue?.convert { text throws in try EmailAddress(text) } ?? from.address
        let replyTo = try settings.explicit("sender.reply_to")?.convert { text throws in try Mailbox(parsing: text) }
        var allowedDomains = [fromDomain]
        if let (domains, origin) = try settings.list("sender.allowed_domains") {
            allowedDomains = try domains.map { domain throws(YAMLError) in try DomainName.validated(domain, at: origin) }
            // A default list (the embedded development profile) widens the From domain; an explicit one must hold it.
            if settings.explicit("sender.allowed_domains") == nil, !allowedDomains.contains(fromDomain) {
                allowedDomains.insert(fromDomain, at: 0)
            }
            guard allowedDomains.contains(fromDomain) else {
                throw origin.error(
                    .invalidValue,
                    "the From domain \(fromDomain) (sender.from) is not among the allowed domains \(allowedDomains.joined(separator: ", ")); add it, or send from an address in one of them"
                )
            }
        }
        let messageIDDomain = try settings.explicit("sender.message_id_domain").map { value throws(YAMLError) in
            try DomainName.validated(try value.string(), at: value)
        } ?? fromDomain
        let verpValue = settings.value("sender.verp")
        let verp = try verpValue?.bool() ?? false
        if verp, let verpValue {
            try checkVERP(envelopeFrom, at: envelopeFromValue ?? verpValue, isFromAddress: envelopeFromValue == nil)
        }
        return SenderIdentity(
            from: from, envelopeFrom: envelopeFrom, replyTo: replyTo, allowedDomains: allowedDomains,
            messageIDDomain: messageIDDomain, verp: verp
        )
    }

    /// VERP appends `+TOKEN` to the envelope sender's local part: it must hold no `+` of its own
    /// (the relay splits at the first) and leave room for the token.
    private static func checkVERP(_ address: EmailAddress, at value: YAMLValue, isFromAddress: Bool) throws(YAMLError) {
        let whose = isFromAddress ? "the envelope sender (the From address \(address), as sender.envelope_from is not set)" : "\(address)"
        let fix = "set sender.envelope_from to an address such as bounces@\(address.domain)"
        if address.localPart.contains("+") {
            throw value.error(
                .invalidValue, "sender.verp adds +TOKEN to the envelope sender, but \(whose) already holds a \"+\"; \(fix)")
        }
        if address.localPart.utf8.count > maximumVERPLocalPartLength {
            throw value.error(
                .invalidValue,
                "sender.verp adds +TOKEN (up to 31 characters) to the envelope sender, but the local part of \(whose) has "
                    + "\(address.localPart.utf8.count) characters, more than \(maximumVERPLocalPartLength); \(fix)")
        }
    }
}

/// Checks domain names such as `shop.example`.
enum DomainName {
    /// The domain, lower-cased, if it is made of dot-separated labels of letters, digits and inner hyphens.
    static func validated(_ text: String, at value: YAMLValue) throws(YAMLError) -> String {
        let domain = text.lowercased()
        let labels = domain.split(separator: ".", omittingEmptySubsequences: false)
        let valid = domain.count <= 253 && labels.allSatisfy { label in
            !label.isEmpty && label.count <= 63 && !label.hasPrefix("-") && !label.hasSuffix("-")
                && label.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }
        }
        guard valid else {
            throw value.error(.invalidValue, "expected a domain name such as shop.example, got \"\(text)\"")
        }
        return domain
    }
}
