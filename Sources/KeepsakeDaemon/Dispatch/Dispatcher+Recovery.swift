import Foundation
import Logging
import Store
import Synchronization

/// Deliveries left `sending` without an outcome: by a previous run of this daemon (killed in
/// flight), by another daemon sharing the store that stopped, or by this daemon while the store
/// did not answer.
extension Dispatcher {
    /// Settles what a previous run left `sending` (killed in flight): in doubt, or waiting again
    /// under the `resend` policy. Call once before the first tick. What other daemons sharing the
    /// store hold is left to them while they run (``KeepsakeStore/settleAbandonedClaims(by:now:resend:atStart:)``).
    public func recoverAfterRestart(now: Date) async throws -> [LedgerDelivery] {
        try await settleAbandonedClaims(now: now, atStart: true)
    }

    /// Settles the deliveries claimed by daemons that stopped without recording their outcome
    /// (at a start, this daemon's earlier run too), logging each with the daemon that held it.
    func settleAbandonedClaims(now: Date, atStart: Bool) async throws -> [LedgerDelivery] {
        let interrupted = try await store.settleAbandonedClaims(
            by: daemon, now: now, resend: settings.inDoubt == .resend, atStart: atStart,
            judgingByHeartbeat: heartbeatsTrustedFrom.withLock { trustedFrom in trustedFrom.map { now >= $0 } ?? true })
        for delivery in interrupted {
            logger.warning("delivery interrupted by a stop", metadata: metadata(delivery, [
                "status": "\(settings.inDoubt == .resend ? "deferred" : "in_doubt")",
                "claimed_by": "\(delivery.claimedBy ?? "-")",
            ]))
        }
        return interrupted
    }

    /// Writes what the relay answered while the store was down; then this daemon's `sending`
    /// deliveries that no outcome accounts for were never sent (their claim's commit went
    /// unanswered), and wait again.
    func writeUnrecordedOutcomes(now: Date) async throws {
        guard unrecordedOutcomes.ownClaimsUncertain else { return }
        let written = try await unrecordedOutcomes.writeKept(through: ledger)
        for kept in written {
            noteForCampaignPauseRule(kept.outcome)
            log(kept.delivery, kept.outcome, attempt: kept.delivery.attempts + 1)
        }
        let released = try await store.releaseUnsentClaims(of: daemon, now: now)
        for delivery in released {
            logger.notice("delivery claimed while the store stopped answering, never sent; waiting again", metadata: metadata(
                delivery, ["status": "deferred"]))
        }
        unrecordedOutcomes.settled()
        logger.notice("outcomes recorded after the store came back", metadata: [
            "count": "\(written.count)", "released": "\(released.count)",
        ])
    }
}
