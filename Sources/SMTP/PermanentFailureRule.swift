/// What a permanent SMTP failure (a 5xx, or a TLS or login failure that retrying cannot fix)
/// does: the one place that decides whether a refusal is about the recipient, about the
/// sending setup, or about this message only.
///
/// The rules, first match wins (`X` is the class digit, 5 for a permanent failure):
///
/// | stage | reply | action | why |
/// |---|---|---|---|
/// | before RCPT (connect, TLS, EHLO, AUTH, MAIL FROM) | anything | ``pauseSending`` | the relay refuses the sender, the login or the setup, whatever the status says (`553 5.1.8 <hello@shop.example>: Sender address rejected: Domain not found` is about the shop) |
/// | any | X.1.7, X.1.8 | ``pauseSending`` | a bad sender address or sender domain |
/// | any | X.7.x | ``pauseSending`` | the relay's policy or security (relay access denied, a refused login, DMARC) |
/// | RCPT or later | X.1.1, X.1.2, X.1.3, X.1.6, X.1.10, X.2.1 | ``suppressRecipient`` | no such mailbox or domain, a malformed address, a mailbox that moved, a null MX, a disabled mailbox |
/// | RCPT | no enhanced status | ``suppressRecipient`` | a plain refusal of the recipient (`550 User unknown`) |
/// | RCPT or later | anything else | ``failDelivery`` | mailbox full, message too big, X.1.0, X.1.4, X.1.5, X.0.0, …: this message failed, the address may be fine |
///
/// A reply with an enhanced status that appears nowhere above never suppresses: an unforeseen
/// refusal fails one delivery rather than removing a customer.
public enum PermanentFailureRule: String, Sendable, Hashable, CaseIterable {
    /// The recipient's address is bad: the delivery fails and the address is suppressed.
    case suppressRecipient = "suppress_recipient"
    /// The sending setup is refused: the delivery waits again and all sending pauses until an
    /// operator acts. Nobody is suppressed.
    case pauseSending = "pause_sending"
    /// This message failed: the delivery fails, the address stays.
    case failDelivery = "fail_delivery"

    /// Enhanced statuses (`subject.detail`) that say the recipient's address itself is bad.
    static let recipientStatuses: Set<String> = ["1.1", "1.2", "1.3", "1.6", "1.10", "2.1"]
    /// Enhanced statuses (`subject.detail`) that say the sender's address is bad.
    static let senderStatuses: Set<String> = ["1.7", "1.8"]

    /// The action for a permanent failure at `stage` with `reply` (nil when none came, as for an
    /// untrusted certificate).
    public static func action(stage: SMTPStage, reply: SMTPReply?) -> PermanentFailureRule {
        switch stage {
        case .connect, .tls, .hello, .authentication, .mailFrom: return .pauseSending
        case .recipient, .data, .endOfData: break
        }
        guard let status = reply?.enhancedStatus else {
            return stage == .recipient && reply != nil ? .suppressRecipient : .failDelivery
        }
        return action(enhancedStatus: status)
    }

    /// The action for a permanent failure reported after the relay accepted the message (a
    /// delivery status notification's `Status`, such as `5.1.1`, or one read from a bounce's
    /// text), by the same table from the second row on: there is no stage, so a refusal without
    /// an enhanced status is treated as a refusal at RCPT by the receiving server
    /// (`refusedRecipient`: true) or as no statement about the address (false).
    public static func action(reportedStatus status: String?, refusedRecipient: Bool) -> PermanentFailureRule {
        guard let status, status.split(separator: ".").count == 3 else { return refusedRecipient ? .suppressRecipient : .failDelivery }
        return action(enhancedStatus: status)
    }

    private static func action(enhancedStatus status: String) -> PermanentFailureRule {
        let subjectAndDetail = String(status.drop { $0 != "." }.dropFirst())
        if senderStatuses.contains(subjectAndDetail) || subjectAndDetail.hasPrefix("7.") { return .pauseSending }
        return recipientStatuses.contains(subjectAndDetail) ? .suppressRecipient : .failDelivery
    }
}

extension SMTPOutcome {
    /// What this failure does when it is permanent (``PermanentFailureRule``); nil for any other verdict.
    public var permanentFailureRule: PermanentFailureRule? {
        verdict == .permanent ? PermanentFailureRule.action(stage: stage, reply: reply) : nil
    }
}
