import Crypto
import Foundation
import Store

/// The one processing path of returned mail, whatever it came in by: recognise the message, tie
/// it to its delivery, act on it, and commit the message's row and its effects in one
/// transaction — once: the same message again (by its SHA-256 digest) changes nothing.
///
/// - A permanent failure whose status says the address is bad (``SMTP/PermanentFailureRule``,
///   the rule of replies at send time) suppresses the delivery's recipient — only that one —
///   through the same ``SuppressionBreaker``, with the report as evidence.
/// - A temporary failure is counted; ``InboundSettings/temporaryFailureLimit`` of them within
///   ``InboundSettings/temporaryFailurePeriod`` suppress.
/// - A complaint (ARF abuse, fraud, opt-out) withdraws consent (source `complaint`, the report's
///   Arrival-Date or Date, the feedback type) and suppresses.
/// - Mail to the unsubscribe address with a valid token withdraws consent (source `mailto unsubscribe`).
/// - An auto-reply does nothing. Mail tied to no delivery (a forged VERP signature, another
///   sender's message) changes nothing; it and unrecognised or unreadable mail are kept aside.
public struct InboundProcessor: Sendable {
    public let recogniser: InboundRecogniser
    public let store: KeepsakeStore
    public let settings: InboundSettings
    let tie: DeliveryTie
    let recordedBy: String

    public init(
        recogniser: InboundRecogniser, store: KeepsakeStore, signatures: any DeliverySignatureCheck,
        settings: InboundSettings = InboundSettings(), recordedBy: String = "keepsake run"
    ) {
        self.recogniser = recogniser
        self.store = store
        self.settings = settings
        tie = DeliveryTie(store: store, signatures: signatures)
        self.recordedBy = recordedBy
    }

    /// Processes one message from `source` and commits what it does.
    public func process(_ item: InboundItem, source: String, now: Date = Date()) throws -> InboundResult {
        let digest = SHA256.hash(data: item.bytes).map { String(format: "%02x", $0) }.joined()
        if let earlier = try store.inboundEntry(digest: digest) { return duplicate(of: earlier) }
        let decision: InboundDecision
        switch Result(catching: { () throws(InboundError) in try MessageReader(limits: recogniser.limits).read(item.bytes) }) {
        case .failure(let error):
            decision = InboundDecision(kind: .unreadable, detail: error.description, action: .none(.keptAside))
        case .success(let message):
            decision = try decide(message, now: now)
        }
        let record = InboundRecord(
            digest: digest, source: source, sourceKey: item.key, size: item.bytes.count, kind: decision.kind,
            deliveryID: decision.deliveryID, evidence: decision.evidence, detail: decision.detail)
        let outcome = try store.recordInbound(record, action: decision.action, now: now, recordedBy: recordedBy)
        if outcome == .duplicate, let earlier = try store.inboundEntry(digest: digest) { return duplicate(of: earlier) }
        return InboundResult(
            digest: digest, kind: decision.kind, outcome: outcome, detail: decision.detail, disposition: Self.disposition(of: outcome))
    }

    /// A message recorded before (a process killed after the commit and before its source put it
    /// away): nothing changes, and it goes where it went the first time.
    private func duplicate(of earlier: InboundEntry) -> InboundResult {
        InboundResult(
            digest: earlier.record.digest, kind: earlier.record.kind, outcome: .duplicate,
            detail: "processed before, on \(earlier.receivedAt): \(earlier.outcome.rawValue)", disposition: Self.disposition(of: earlier.outcome))
    }

    /// Where a source puts a message: unrecognised, unreadable and unverified mail is kept aside.
    static func disposition(of outcome: InboundOutcome) -> InboundDisposition {
        outcome == .keptAside || outcome == .unverified ? .keptAside : .processed
    }

    /// Processes up to `limit` waiting messages of `source`, each committed before it is put away.
    /// A message that fails to process (the store is unavailable) is left where it is, for the next round.
    ///
    /// `afterCommit` runs between a message's commit and its `finish` (a test hook kills the
    /// process there, to show that the next start neither loses nor repeats it).
    public func drain(
        _ source: any InboundSource, limit: Int, now: @Sendable () -> Date = Date.init,
        afterCommit: (InboundItem) -> Void = { _ in }
    ) async throws -> [InboundResult] {
        var results: [InboundResult] = []
        for item in try await source.waiting(limit: limit) {
            let result = try process(item, source: source.description, now: now())
            afterCommit(item)
            try await source.finish(item, as: result.disposition)
            results.append(result)
        }
        return results
    }

    func decide(_ message: InboundMessage, now: Date) throws -> InboundDecision {
        switch recogniser.recognise(message) {
        case .deliveryStatus(let report):
            return try tied(.deliveryStatus, report.reference) { delivery in
                InboundDecision.failure(kind: .deliveryStatus, delivery: delivery, recipients: ReportedRecipient.of(report), settings: settings)
            }
        case .nonStandardBounce(let bounce):
            return try tied(.bounce, bounce.reference) { delivery in
                InboundDecision.failure(kind: .bounce, delivery: delivery, recipients: ReportedRecipient.of(bounce), settings: settings)
            }
        case .feedback(let report):
            var reference = report.reference
            if reference.verp == nil, let from = report.originalMailFrom.flatMap(AddressScanner.firstAddress(in:)) {
                reference.verp = recogniser.references.token(in: from)
            }
            let dated = ReportDate.parse(report.arrivalDate) ?? ReportDate.parse(message.root.header.value("Date")) ?? now
            return try tied(.feedback, reference) { delivery in InboundDecision.feedback(report, delivery: delivery, dated: dated) }
        case .unsubscribe(let request):
            switch try tie.tie(unsubscribeToken: request.token) {
            case .unverified(let reason):
                return InboundDecision(kind: .unsubscribe, detail: reason + Self.from(request.sender), action: .none(.unverified))
            case .delivery(let delivery):
                return InboundDecision(
                    kind: .unsubscribe, deliveryID: delivery.id, evidence: InboundEvidence(failure: "unsubscribe", reportedAt: now),
                    detail: request.sender.map { "from \($0)" }, action: .unsubscribe(occurredAt: now))
            }
        case .autoReply(let reply):
            let delivery = if case .delivery(let delivery) = try tie.tie(reply.reference) { delivery } else { LedgerDelivery?.none }
            return InboundDecision(kind: .autoReply, deliveryID: delivery?.id, detail: reply.reason, action: .none(.ignored))
        case .unrecognised(let other):
            return InboundDecision(
                kind: .unrecognised, detail: "subject \(other.subject.map { "\"\($0.prefix(200))\"" } ?? "none")" + Self.from(other.sender),
                action: .none(.keptAside))
        case .unreadable(let error):
            return InboundDecision(kind: .unreadable, detail: error.description, action: .none(.keptAside))
        }
    }

    private func tied(
        _ kind: InboundKind, _ reference: DeliveryReference, _ decide: (LedgerDelivery) -> InboundDecision
    ) throws -> InboundDecision {
        switch try tie.tie(reference) {
        case .delivery(let delivery): return decide(delivery)
        case .unverified(let reason): return InboundDecision(kind: kind, detail: reason, action: .none(.unverified))
        }
    }

    private static func from(_ sender: String?) -> String {
        sender.map { ", from \($0)" } ?? ""
    }
}

/// What processing one message did.
public struct InboundResult: Sendable, Hashable {
    /// SHA-256 of its bytes, hexadecimal.
    public var digest: String
    /// What it was (nil for a duplicate, which is not read again).
    public var kind: InboundKind?
    public var outcome: InboundOutcome
    /// Why it changed nothing, or what it was, for a person.
    public var detail: String?
    /// Where its source puts it.
    public var disposition: InboundDisposition
}
