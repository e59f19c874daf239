extension SMTPOutcome {
    /// Words in a 451, 452 or 454 reply by which relays say "too fast" rather than "something broke"
    /// (`451 4.7.1 Rate limit exceeded`, `452 Too many messages`, `454 Throttled, try again later`).
    static let throttlingPhrases = [
        "too many", "rate limit", "ratelimit", "rate exceeded", "sending rate", "message rate", "throttl",
        "try again later", "slow down", "limit exceeded",
    ]

    /// True when the relay asks Keepsake to send more slowly: any 421 reply, or a 451, 452 or 454
    /// reply whose text speaks of a rate, throttling or too many messages. The ``Pacer`` halves its
    /// rate on such a reply; other temporary failures (`451 Temporary lookup failure`) do not slow it.
    public var isThrottling: Bool {
        guard let reply else { return false }
        switch reply.code {
        case 421:
            return true
        case 451, 452, 454:
            let text = reply.line.lowercased()
            return Self.throttlingPhrases.contains { text.contains($0) }
        default:
            return false
        }
    }
}

extension SMTPEnvelope {
    /// The recipient's domain in lower case (`shop.example` for `Sara@Shop.Example`): the key of the
    /// per-domain connection limit.
    public var recipientDomain: String {
        guard let at = recipient.lastIndex(of: "@") else { return recipient.lowercased() }
        return recipient[recipient.index(after: at)...].lowercased()
    }
}
