import Foundation
import SMTP
import Store

/// What the daemon does with an in-doubt delivery (operator config `delivery.in_doubt`).
public enum InDoubtPolicy: String, Sendable, Hashable, CaseIterable {
    /// Keep it `in_doubt` until an operator settles it: never a duplicate (the default).
    case hold
    /// Send it again: a possible duplicate rather than a possible loss.
    case resend
}

/// How one transport outcome changes the ledger and the daemon.
struct OutcomeDecision: Hashable, Sendable {
    /// The ledger's new state for the delivery.
    var ledger: LedgerOutcome
    /// Set when nothing more may be sent until an operator acts: why.
    var pauseReason: String?
    /// Whether the relay looks unreachable, so the rest of the tick would only fail the same way.
    var relayUnavailable: Bool

    /// Decides for `outcome` of attempt `attempt` of `delivery` at `now`. `nextWindow` moves a retry
    /// instant into the customer's send window.
    static func decide(
        _ outcome: SMTPOutcome, delivery: LedgerDelivery, attempt: Int, now: Date, retry: RetryPolicy,
        inDoubt: InDoubtPolicy, nextWindow: (Date) -> Date
    ) -> OutcomeDecision {
        let reply = outcome.reply?.line ?? outcome.detail
        let stage = outcome.stage.rawValue
        func later() -> LedgerOutcome {
            let retryAt = nextWindow(retry.retryAt(after: attempt, now: now, messageID: delivery.messageID))
            return retryAt < delivery.expiresAt
                ? .deferred(retryAt: retryAt, reply: reply, stage: stage) : .expired(reply: reply, stage: stage)
        }
        switch outcome.verdict {
        case .delivered:
            return OutcomeDecision(ledger: .sent(reply: reply, stage: stage), relayUnavailable: false)
        case .transient:
            let unreachable = [.connect, .tls, .hello, .authentication].contains(outcome.stage)
            return OutcomeDecision(ledger: later(), relayUnavailable: unreachable)
        case .unknown:
            return OutcomeDecision(
                ledger: inDoubt == .hold ? .inDoubt(reply: reply, stage: stage) : later(), relayUnavailable: false)
        case .permanent:
            switch PermanentFailureRule.action(stage: outcome.stage, reply: outcome.reply) {
            case .suppressRecipient:
                return OutcomeDecision(ledger: .failed(reply: reply, stage: stage, suppress: true), relayUnavailable: false)
            case .pauseSending:
                return OutcomeDecision(
                    ledger: .requeued(reply: reply, stage: stage),
                    pauseReason: "the relay refused the sending setup at \(stage): \(reply); fix the SMTP settings "
                        + "(login, envelope sender, TLS, the scheme and port of smtp.url) or the relay's policy",
                    relayUnavailable: true)
            case .failDelivery:
                return OutcomeDecision(ledger: .failed(reply: reply, stage: stage, suppress: false), relayUnavailable: false)
            }
        }
    }
}

extension LedgerOutcome {
    /// The ledger status this outcome leaves the delivery in.
    public var status: LedgerStatus {
        switch self {
        case .sent: .sent
        case .deferred: .deferred
        case .failed: .failed
        case .expired: .expired
        case .inDoubt: .inDoubt
        case .requeued: .planned
        }
    }

    /// The reply recorded with it.
    public var reply: String {
        switch self {
        case .sent(let reply, _), .deferred(_, let reply, _), .failed(let reply, _, _), .expired(let reply, _),
            .inDoubt(let reply, _), .requeued(let reply, _):
            reply
        }
    }
}
