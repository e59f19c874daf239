/// What an inbound message is, as ``InboundRecogniser`` sees it: one case per kind of mail that
/// comes back to a sender, each a value with what the caller needs to act on it.
public enum InboundReport: Sendable {
    /// An RFC 3464 delivery status notification (multipart/report; report-type=delivery-status).
    case deliveryStatus(DeliveryStatusReport)
    /// An RFC 5965 ARF feedback report (multipart/report; report-type=feedback-report).
    case feedback(FeedbackReport)
    /// A bounce in a mail system's own format (Exim, qmail, Yahoo, Postfix without a DSN, …).
    case nonStandardBounce(NonStandardBounce)
    /// An automatic reply (RFC 3834, out-of-office): to be ignored.
    case autoReply(AutoReply)
    /// Mail to the unsubscribe address: a request to stop mailing its sender.
    case unsubscribe(UnsubscribeRequest)
    /// Readable mail that is none of the above: kept aside for a person to look at.
    case unrecognised(UnrecognisedMessage)
    /// Mail that could not be read: too large, too deep, or broken MIME. Kept aside.
    case unreadable(InboundError)
}

/// How a recipient failed: for good (the address is bad) or for now (to be tried again).
public enum FailureKind: String, Sendable, Hashable {
    case permanent
    case temporary
}

/// What ties a report to a Keepsake delivery. Neither part is verified here: the VERP token's
/// signature is checked by the caller against the send ledger, and a Message-ID may be anyone's.
public struct DeliveryReference: Sendable, Hashable {
    /// The VERP token of the address the report was sent to (`bounces+ID-SIGNATURE@domain`).
    public var verp: VERPToken?
    /// The Message-ID (`<…>`) of the message the report is about, from the returned message or
    /// its header (message/rfc822, text/rfc822-headers, or a quoted copy in a bounce's text).
    public var originalMessageID: String?
}

/// The token of a VERP address, as written by Keepsake's envelope sender: the send-ledger id and
/// the signature, unverified.
public struct VERPToken: Sendable, Hashable {
    /// The whole address the token was read from, lower-case.
    public let address: String
    /// The send-ledger id it names.
    public let deliveryID: Int64
    /// Its signature: 10 characters of `a–z` and `2–7`.
    public let signature: String
}

/// An RFC 3464 delivery status notification.
public struct DeliveryStatusReport: Sendable, Hashable {
    public var reference: DeliveryReference
    /// `Reporting-MTA` of the per-message fields, such as `dns; mail.example.net`.
    public var reportingMTA: String?
    /// One entry per recipient block, in order.
    public var recipients: [RecipientStatus]
}

/// One recipient's block of a delivery-status part (RFC 3464 §2.3).
public struct RecipientStatus: Sendable, Hashable {
    /// `Final-Recipient`'s address, without its `rfc822;` type.
    public var finalRecipient: String?
    /// `Original-Recipient`'s address, without its type.
    public var originalRecipient: String?
    /// `Action`, lower-case, comments removed: failed, delayed, delivered, relayed or expanded.
    public var action: String
    /// `Status`, such as `5.1.1`.
    public var status: String?
    /// `Diagnostic-Code`, such as `smtp; 550 5.1.1 User unknown`.
    public var diagnosticCode: String?
    /// `Remote-MTA`, such as `dns; mx.example.org`.
    public var remoteMTA: String?

    /// The address as the sender wrote it: the original recipient when given, else the final one.
    public var address: String? { originalRecipient ?? finalRecipient }

    /// Permanent for `failed` (and the non-standard `error`), temporary for `delayed`; nil otherwise.
    public var failure: FailureKind? {
        if action.hasPrefix("fail") || action.hasPrefix("error") { return .permanent }
        if action.hasPrefix("delayed") { return .temporary }
        return nil
    }
}

/// An RFC 5965 feedback report.
public struct FeedbackReport: Sendable, Hashable {
    public var reference: DeliveryReference
    /// `Feedback-Type`, lower-case: abuse, fraud, virus, other, not-spam, auth-failure, opt-out…
    public var feedbackType: String
    public var userAgent: String?
    public var version: String?
    public var arrivalDate: String?
    /// `Original-Mail-From`, the reported message's envelope sender.
    public var originalMailFrom: String?
    /// `Original-Rcpt-To`, each of them.
    public var originalRecipients: [String]
    public var reportedDomain: String?
    /// The reported message's header (its third part, message/rfc822 or text/rfc822-headers).
    public var originalHeader: HeaderBlock?
}

/// A bounce recognised by the wording of a mail system that sends no DSN.
public struct NonStandardBounce: Sendable, Hashable {
    public var reference: DeliveryReference
    /// The failed recipients found in its text.
    public var recipients: [FailedRecipient]
}

/// One address a non-standard bounce reports, and how it failed.
public struct FailedRecipient: Sendable, Hashable {
    public var address: String
    public var failure: FailureKind
}

/// An automatic reply, ignored.
public struct AutoReply: Sendable, Hashable {
    public var reference: DeliveryReference
    /// What gave it away, such as `Auto-Submitted: auto-replied`.
    public var reason: String
}

/// Mail sent to the unsubscribe address.
public struct UnsubscribeRequest: Sendable, Hashable {
    /// The address it was sent to, lower-case.
    public var address: String
    /// The token after `+` in that address, or the token its subject carries; unverified.
    public var token: String?
    /// The sender's address (`From`), lower-case.
    public var sender: String?
}

/// Readable mail the recogniser does not know.
public struct UnrecognisedMessage: Sendable, Hashable {
    public var reference: DeliveryReference
    public var subject: String?
    public var sender: String?
}
