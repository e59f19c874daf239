import Foundation
import Logging
import SMTP
import Store
import Synchronization

/// What one tick learnt about the relay: whether it answered at all, or only failed to be
/// reached. Settled once at the end of the tick (one write, not one per delivery) into the
/// store's ``RelayFailure``, which `keepsake status`, `/healthz` and `/metrics` compare with
/// `daemon.relay_alarm`.
final class RelayWatch: Sendable {
    private let seen = Mutex<(answered: Bool, failure: String?)>((false, nil))

    /// Notes one attempt's outcome. A transient failure before the relay spoke (refused, timed out,
    /// dropped) is a failure to reach it; a pause is not (it has its own alarm); anything else
    /// means the relay answered.
    func observe(_ outcome: SMTPOutcome, _ decision: OutcomeDecision) {
        seen.withLock { seen in
            if decision.pauseReason != nil { return }
            if decision.relayUnavailable {
                seen.failure = outcome.reply?.line ?? outcome.detail
            } else {
                seen.answered = true
            }
        }
    }

    /// Starts, continues or ends the store's run of relay failures.
    func settle(store: any SendLedgerStore, now: Date, logger: Logger) async throws {
        let (answered, failure) = seen.withLock { ($0.answered, $0.failure) }
        if answered {
            if let ended = try await store.clearRelayFailure() {
                logger.notice("relay answers again", metadata: ["failing_since": "\(ended.since.ISO8601Format())"])
            }
        } else if let failure {
            let run = try await store.recordRelayFailure(at: now, reply: failure)
            if run.since == now {
                logger.warning("relay unreachable; deliveries wait and are retried", metadata: ["reply": "\(failure)"])
            }
        }
    }
}
