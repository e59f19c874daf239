import Foundation
import Synchronization

/// What the relay answered but the store did not take: the store stopped answering between a
/// delivery's claim and its outcome (a PostgreSQL server restarting, a SQLite file moved away).
///
/// The message went out (or was refused) and the daemon knows it; losing that answer would leave
/// the delivery `sending` for good. So the outcome is kept here, in memory, and written first thing
/// at the next tick that reaches the store, before anything else is claimed. A claim whose commit
/// went unanswered (the server may have committed it) is remembered too: that tick then puts back
/// this daemon's own `sending` deliveries that no outcome accounts for, which never left
/// (``KeepsakeStore/releaseUnsentClaims(of:now:)``). Carried over a reload (the daemon's sending setup); lost
/// with the process, whose claims are then settled as in doubt, as after a kill.
///
/// ```swift
/// let outcomes = UnrecordedOutcomes()
/// let claim = try await outcomes.claim(id, now: now, through: ledger)          // remembers a failed commit
/// try await outcomes.recordOutcome(delivery, .sent(reply: reply, stage: "data"), now: now, through: ledger)
/// // … the store was down; at the next tick:
/// let written = try await outcomes.writeKept(through: ledger)
/// ```
public final class UnrecordedOutcomes: Sendable {
    /// One outcome the store did not take.
    public struct Kept: Sendable {
        /// The delivery it belongs to, as it was claimed.
        public let delivery: LedgerDelivery
        /// What the relay said.
        public let outcome: LedgerOutcome
        /// When the relay said it (the instant recorded with it).
        public let decidedAt: Date
    }

    private struct State {
        var kept: [Kept] = []
        /// A claim or an outcome failed to commit: this daemon may hold claims nothing accounts for.
        var ownClaimsUncertain = false
    }

    private let state = Mutex(State())

    public init() {}

    /// How many outcomes wait to be written.
    public var count: Int { state.withLock { $0.kept.count } }

    /// Whether a claim or an outcome of this daemon failed to commit since the last ``settled()``.
    public var ownClaimsUncertain: Bool { state.withLock { $0.ownClaimsUncertain } }

    /// ``LedgerWriter/claim(_:now:)``, remembering a claim whose commit failed.
    public func claim(_ id: Int64, now: Date, through ledger: LedgerWriter) async throws -> ClaimOutcome {
        do {
            return try await ledger.claim(id, now: now)
        } catch {
            state.withLock { $0.ownClaimsUncertain = true }
            throw error
        }
    }

    /// ``LedgerWriter/recordOutcome(_:_:now:)``, keeping the outcome when the store does not take it.
    @discardableResult
    public func recordOutcome(
        _ delivery: LedgerDelivery, _ outcome: LedgerOutcome, now: Date, through ledger: LedgerWriter
    ) async throws -> SuppressionEffect? {
        do {
            return try await ledger.recordOutcome(delivery.id, outcome, now: now)
        } catch {
            state.withLock {
                $0.kept.append(Kept(delivery: delivery, outcome: outcome, decidedAt: now))
                $0.ownClaimsUncertain = true
            }
            throw error
        }
    }

    /// Writes the kept outcomes, oldest first, each at the instant it was decided; returns those
    /// written. Stops at the first the store refuses, keeping it and the ones after it.
    public func writeKept(through ledger: LedgerWriter) async throws -> [Kept] {
        let waiting = state.withLock { $0.kept }
        var written: [Kept] = []
        for kept in waiting {
            try await ledger.recordOutcome(kept.delivery.id, kept.outcome, now: kept.decidedAt)
            state.withLock { state in state.kept.removeAll { $0.delivery.id == kept.delivery.id } }
            written.append(kept)
        }
        return written
    }

    /// Notes that this daemon's own claims were settled after the kept outcomes were written.
    public func settled() {
        state.withLock { $0.ownClaimsUncertain = !$0.kept.isEmpty }
    }
}
