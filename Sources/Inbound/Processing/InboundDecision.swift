import Foundation
import SMTP
import Store

/// What one recognised message does: the record the store keeps and the action it takes, decided
/// from the report and the delivery it is tied to.
struct InboundDecision: Sendable {
    var kind: InboundKind
    var deliveryID: Int64?
    var evidence: InboundEvidence?
    var detail: String?
    var action: InboundAction

    /// ARF feedback types that are a complaint about the mail (RFC 5965 §7.3 and the opt-out
    /// extension): they withdraw consent and suppress. `not-spam`, `auth-failure`, `virus` and
    /// `other` are recorded only.
    static let complaintTypes: Set<String> = ["abuse", "fraud", "opt-out"]

    /// The decision for a failure report (a DSN's or a non-standard bounce's recipients), tied to `delivery`.
    static func failure(
        kind: InboundKind, delivery: LedgerDelivery, recipients: [ReportedRecipient], settings: InboundSettings
    ) -> InboundDecision {
        let failing = recipients.filter { $0.failure != nil }
        let address = delivery.email?.lowercased()
        guard let recipient = failing.first(where: { $0.address?.lowercased() == address }) ?? (failing.count == 1 ? failing[0] : nil),
              let failure = recipient.failure
        else {
            return InboundDecision(
                kind: kind, deliveryID: delivery.id, detail: "no failed recipient in the report is the delivery's address",
                action: .none(.noEffect))
        }
        let evidence = InboundEvidence(
            failure: failure.rawValue, status: recipient.status, diagnosticCode: recipient.diagnosticCode,
            reportingMTA: recipient.reportingMTA)
        if failure == .temporary {
            return InboundDecision(
                kind: kind, deliveryID: delivery.id, evidence: evidence,
                action: .countTemporaryFailure(limit: settings.temporaryFailureLimit, period: settings.temporaryFailurePeriod))
        }
        switch PermanentFailureRule.action(reportedStatus: recipient.status, refusedRecipient: true) {
        case .suppressRecipient:
            return InboundDecision(kind: kind, deliveryID: delivery.id, evidence: evidence, action: .suppress(breaker: settings.breaker))
        case .pauseSending:
            return InboundDecision(
                kind: kind, deliveryID: delivery.id, evidence: evidence,
                detail: "status \(recipient.status ?? "?") is about the sender or its policy (SPF, DKIM, DMARC, reputation), not the address: nobody suppressed",
                action: .none(.noEffect))
        case .failDelivery:
            return InboundDecision(
                kind: kind, deliveryID: delivery.id, evidence: evidence,
                detail: "status \(recipient.status ?? "?") says this message failed (mailbox full, too large, …), not that the address is bad",
                action: .none(.noEffect))
        }
    }

    /// The decision for an ARF report tied to `delivery`.
    static func feedback(_ report: FeedbackReport, delivery: LedgerDelivery, dated: Date) -> InboundDecision {
        let evidence = InboundEvidence(
            failure: "complaint", reportingMTA: report.userAgent, feedbackType: report.feedbackType, reportedAt: dated)
        guard complaintTypes.contains(report.feedbackType) else {
            return InboundDecision(
                kind: .feedback, deliveryID: delivery.id, evidence: evidence,
                detail: "feedback type \(report.feedbackType) is no complaint about the mail", action: .none(.noEffect))
        }
        return InboundDecision(kind: .feedback, deliveryID: delivery.id, evidence: evidence, action: .complaint(occurredAt: dated))
    }
}

/// One recipient of a failure report, whether a DSN's block or a non-standard bounce's address.
struct ReportedRecipient: Sendable {
    var address: String?
    var failure: FailureKind?
    var status: String?
    var diagnosticCode: String?
    var reportingMTA: String?

    static func of(_ report: DeliveryStatusReport) -> [ReportedRecipient] {
        report.recipients.map {
            ReportedRecipient(
                address: $0.address, failure: $0.failure, status: $0.status, diagnosticCode: $0.diagnosticCode,
                reportingMTA: report.reportingMTA)
        }
    }

    static func of(_ bounce: NonStandardBounce) -> [ReportedRecipient] {
        bounce.recipients.map { ReportedRecipient(address: $0.address, failure: $0.failure) }
    }
}
