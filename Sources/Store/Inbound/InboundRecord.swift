import Foundation

/// One inbound message as the store records it: where it came from, what it was, the delivery it
/// was tied to and the evidence it carries.
public struct InboundRecord: Hashable, Sendable {
    /// SHA-256 of the message's bytes, hexadecimal: the same message twice has the same digest.
    public var digest: String
    /// The source it was read from, such as `maildir /var/mail/bounces`.
    public var source: String
    /// Its name within the source (a file name, an IMAP `UIDVALIDITY/UID`).
    public var sourceKey: String
    /// Its size in bytes.
    public var size: Int
    /// What it was: ``InboundKind``.
    public var kind: InboundKind
    /// The delivery it was tied to (VERP signature verified, or a Message-ID of the send ledger).
    public var deliveryID: Int64?
    /// What it says about the recipient, when it says anything.
    public var evidence: InboundEvidence?
    /// For a person: why it changed nothing or was kept aside, its subject and sender.
    public var detail: String?

    public init(
        digest: String, source: String, sourceKey: String, size: Int, kind: InboundKind, deliveryID: Int64? = nil,
        evidence: InboundEvidence? = nil, detail: String? = nil
    ) {
        self.digest = digest
        self.source = source
        self.sourceKey = sourceKey
        self.size = size
        self.kind = kind
        self.deliveryID = deliveryID
        self.evidence = evidence
        self.detail = detail
    }
}

/// What an inbound message was.
public enum InboundKind: String, Hashable, Sendable, CaseIterable {
    case deliveryStatus = "delivery_status"
    case feedback
    case bounce
    case autoReply = "auto_reply"
    case unsubscribe
    case unrecognised
    case unreadable
}

/// What a report says about its recipient, kept as the evidence of what it did.
public struct InboundEvidence: Hashable, Sendable {
    /// `permanent`, `temporary`, `complaint` or `unsubscribe`.
    public var failure: String
    /// The DSN's `Status`, such as `5.1.1`.
    public var status: String?
    /// The DSN's `Diagnostic-Code`, or the line of a bounce's text that names the failure.
    public var diagnosticCode: String?
    /// `Reporting-MTA`, or the ARF report's `User-Agent`.
    public var reportingMTA: String?
    /// The ARF `Feedback-Type`, such as `abuse`.
    public var feedbackType: String?
    /// When the report says it happened (`Arrival-Date`, or the report's `Date`).
    public var reportedAt: Date?

    public init(
        failure: String, status: String? = nil, diagnosticCode: String? = nil, reportingMTA: String? = nil,
        feedbackType: String? = nil, reportedAt: Date? = nil
    ) {
        self.failure = failure
        self.status = status
        self.diagnosticCode = diagnosticCode
        self.reportingMTA = reportingMTA
        self.feedbackType = feedbackType
        self.reportedAt = reportedAt
    }
}

/// What recording an inbound message should change, decided by the processing path.
public enum InboundAction: Hashable, Sendable {
    /// A permanent failure that says the address is bad: suppress it, unless `breaker` holds it.
    case suppress(breaker: SuppressionBreaker)
    /// A temporary failure: count it, and suppress the address once `limit` of them arrived within `period`.
    case countTemporaryFailure(limit: Int, period: TimeInterval)
    /// A complaint (ARF): withdraw consent (source `complaint`) dated `occurredAt`, and suppress.
    case complaint(occurredAt: Date)
    /// A mailed unsubscribe: withdraw consent (source `mailto unsubscribe`).
    case unsubscribe(occurredAt: Date)
    /// Nothing changes; the message is recorded with this outcome.
    case none(InboundOutcome)
}

/// What an inbound message did.
public enum InboundOutcome: String, Hashable, Sendable, CaseIterable {
    /// Its recipient is on the suppression list.
    case suppressed
    /// Its recipient's suppression is held by the tripped breaker for the operator.
    case held
    /// A temporary failure, counted; the address stays.
    case counted
    /// Consent withdrawn (and, for a complaint, the address suppressed).
    case consentRevoked = "consent_revoked"
    /// Consent was already withdrawn; for a complaint the address is suppressed all the same.
    case alreadyOptedOut = "already_opted_out"
    /// A report that suppresses nobody: a failure not about the address (mailbox full, the
    /// sender's policy), a delivery notice, a feedback type that is no complaint.
    case noEffect = "no_effect"
    /// An automatic reply: ignored.
    case ignored
    /// Not tied to a Keepsake delivery: a forged or altered VERP signature, another sender's
    /// message, an unsubscribe without a valid token, a customer since forgotten.
    case unverified
    /// Unrecognised or unreadable: kept aside for a person.
    case keptAside = "kept_aside"
    /// The same message was processed before: nothing changed.
    case duplicate

    /// Where the source puts the message once this is committed.
    public var isKeptAside: Bool { self == .keptAside }
}

/// An inbound message as recorded, for `deliveries show` and `keepsake inbound list`.
public struct InboundEntry: Hashable, Sendable {
    public var record: InboundRecord
    public var outcome: InboundOutcome
    public var receivedAt: Date
    /// The recipient it was about (nil once forgotten, or when tied to nobody).
    public var email: String?
}
