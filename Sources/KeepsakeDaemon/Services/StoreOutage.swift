import Foundation
import Logging
import Synchronization

/// Whether the store answers the daemon: set when a tick finds it unreachable (its file gone or
/// moved, unreadable, locked past the busy timeout; a PostgreSQL server refusing connections),
/// cleared by the first tick that completes again. While it is set the daemon sends nothing and
/// `/healthz` answers 503 with ``reason``.
final class StoreOutage: Sendable {
    private struct Outage {
        var reason: String
        var since: ContinuousClock.Instant
        var failedTicks: Int
    }

    private let current = Mutex<Outage?>(nil)

    /// Why the store does not answer, or nil while it does.
    var reason: String? { current.withLock { $0?.reason } }

    /// How many ticks of the outage in progress failed (0 while the store answers).
    var failedTicks: Int { current.withLock { $0?.failedTicks ?? 0 } }

    /// Notes a tick that could not reach the store; logs the first of a run, and again when the reason changes.
    func failed(_ reason: String, logger: Logger) {
        let first = current.withLock { outage -> Bool in
            if var known = outage {
                let changed = known.reason != reason
                known.reason = reason
                known.failedTicks += 1
                outage = known
                return changed
            }
            outage = Outage(reason: reason, since: .now, failedTicks: 1)
            return true
        }
        if first {
            logger.error("store unreachable; sending stopped", metadata: [
                "reason": "\(reason)", "retry": "every tick; sending carries on by itself once the store answers",
            ])
        }
    }

    /// Notes a tick that completed: ends an outage, logging how long it lasted.
    func answered(logger: Logger) {
        guard let ended = current.withLock({ outage -> Outage? in defer { outage = nil }; return outage }) else { return }
        let seconds = ended.since.duration(to: .now).components.seconds
        logger.notice("store reachable again; sending resumed", metadata: [
            "outage_seconds": "\(seconds)", "failed_ticks": "\(ended.failedTicks)", "was": "\(ended.reason)",
        ])
    }
}
