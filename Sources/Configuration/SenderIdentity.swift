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

    /// Creates a sender identity.
    public init(from: Mailbox, envelopeFrom: EmailAddress, replyTo: Mailbox?, allowedDomains: [String], messageIDDomain: String) {
        self.from = from
        self.envelopeFrom = envelopeFrom
        self.replyTo = replyTo
        self.allowedDomains = allowedDomains
        self.messageIDDomain = messageIDDomain
    }
}

extension SenderIdentity {
    /// Reads the `sender` settings.
    static func read(_ settings: SettingsReader) throws(YAMLError) -> SenderIdentity {
        let fromValue = try settings.required("sender.from", example: "\"Sahab Shop <hello@shop.example>\"")
        let from = try fromValue.convert { text throws in try Mailbox(parsing: text) }
        let fromDomain = from.address.domain.lowercased()
        let envelopeFrom = try settings.explicit("sender.envelope_from")?.convert { text throws in try EmailAddress(text) } ?? from.address
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
        return SenderIdentity(
            from: from, envelopeFrom: envelopeFrom, replyTo: replyTo, allowedDomains: allowedDomains, messageIDDomain: messageIDDomain
        )
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
