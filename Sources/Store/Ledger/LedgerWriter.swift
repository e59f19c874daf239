import Foundation
import Synchronization

/// The daemon's writes to the send ledger — claims before a message goes to the relay and
/// outcomes after — committed in groups: whatever the connections ask for while one transaction
/// commits goes into the next, so sixteen connections cost one commit, not sixteen.
///
/// Grouping never widens the in-doubt window. A caller resumes only after the transaction holding
/// its write has committed, so a claim is durable before its message leaves, and an outcome is
/// durable before its connection claims the next delivery: after a kill, each connection has at
/// most one delivery `sending`.
///
/// ```swift
/// let writer = LedgerWriter(store: store)
/// if case .claimed = try await writer.claim(id, now: now) {
///     // … send …
///     try await writer.recordOutcome(id, .sent(reply: "250 OK", stage: "data"), now: now)
/// }
/// ```
public final class LedgerWriter: Sendable {
    /// One write waiting for the next transaction, with the caller to resume once it commits.
    enum PendingWrite: Sendable {
        case claim(id: Int64, now: String, caller: CheckedContinuation<ClaimOutcome, any Error>)
        case outcome(id: Int64, LedgerOutcome, now: String, caller: CheckedContinuation<SuppressionEffect?, any Error>)
    }

    /// What the writer is doing: waiting for work, or committing groups until none is left.
    enum State {
        case idle
        case committing(next: [PendingWrite])
    }

    private let store: KeepsakeStore
    private let recordedBy: String
    /// The daemon its claims are recorded for (``DaemonIdentity/id``).
    private let claimant: String?
    private let breaker: SuppressionBreaker
    private let state = Mutex(State.idle)
    private let counters = Mutex(GroupCounters())

    /// A writer for `store`'s send ledger; `recordedBy` names the writer on suppressions it adds,
    /// which `breaker` may hold for the operator; its claims are recorded for the daemon `claimant`.
    public init(
        store: KeepsakeStore, recordedBy: String = "keepsake run", breaker: SuppressionBreaker = .standard,
        claimant: String? = nil
    ) {
        self.store = store
        self.claimant = claimant
        self.recordedBy = recordedBy
        self.breaker = breaker
    }

    /// ``KeepsakeStore/claim(_:now:)``, committed with the other writes waiting at the time.
    public func claim(_ id: Int64, now: Date) async throws -> ClaimOutcome {
        let instant = StoredText.instant(now)
        return try await withCheckedThrowingContinuation { caller in
            submit(.claim(id: id, now: instant, caller: caller))
        }
    }

    /// ``KeepsakeStore/recordOutcome(_:_:now:recordedBy:breaker:)``, committed with the other writes
    /// waiting at the time.
    @discardableResult
    public func recordOutcome(_ id: Int64, _ outcome: LedgerOutcome, now: Date) async throws -> SuppressionEffect? {
        let instant = StoredText.instant(now)
        return try await withCheckedThrowingContinuation { (caller: CheckedContinuation<SuppressionEffect?, any Error>) in
            submit(.outcome(id: id, outcome, now: instant, caller: caller))
        }
    }

    /// How many transactions committed and how many writes they held, since the writer was made.
    public var statistics: (transactions: Int, writes: Int) {
        counters.withLock { ($0.transactions, $0.writes) }
    }

    /// Writes submitted and waiting for the next transaction (not the one committing now).
    var waitingWrites: Int {
        state.withLock { state in
            if case .committing(let next) = state { next.count } else { 0 }
        }
    }

    private func submit(_ write: PendingWrite) {
        let startCommitting = state.withLock { state -> Bool in
            switch state {
            case .idle:
                state = .committing(next: [write])
                return true
            case .committing(var next):
                next.append(write)
                state = .committing(next: next)
                return false
            }
        }
        if startCommitting {
            Task { await commitUntilIdle() }
        }
    }

    /// Commits what waits, group after group, and goes idle when nothing is left.
    private func commitUntilIdle() async {
        while true {
            let group = state.withLock { state -> [PendingWrite] in
                guard case .committing(let next) = state, !next.isEmpty else {
                    state = .idle
                    return []
                }
                state = .committing(next: [])
                return next
            }
            guard !group.isEmpty else { return }
            await commit(group)
        }
    }

    /// Runs every write of `group` in one transaction, each in a savepoint of its own so that one
    /// failing write (a delivery that vanished) does not undo the others; resumes the callers
    /// after the commit.
    private func commit(_ group: [PendingWrite]) async {
        let results: [Result<WriteResult, any Error>]
        do {
            results = try await store.database.write { db in
                group.map { write in
                    Result {
                        try db.savepoint { try self.perform(write, in: db) }
                    }
                }
            }
        } catch {
            // The transaction itself failed (disk full, database locked past the busy timeout):
            // nothing of the group was written.
            results = Array(repeating: .failure(error), count: group.count)
        }
        counters.withLock {
            $0.transactions += 1
            $0.writes += group.count
        }
        for (write, result) in zip(group, results) {
            switch write {
            case .claim(_, _, let caller):
                caller.resume(with: result.map { if case .claim(let claimed) = $0 { claimed } else { .notWaiting(.cancelled) } })
            case .outcome(_, _, _, let caller):
                caller.resume(with: result.map { if case .outcome(let effect) = $0 { effect } else { nil } })
            }
        }
    }

    /// What one write of a group returned.
    enum WriteResult {
        case claim(ClaimOutcome)
        case outcome(SuppressionEffect?)
    }

    private func perform(_ write: PendingWrite, in db: any StoreConnection) throws -> WriteResult {
        switch write {
        case .claim(let id, let now, _):
            return .claim(try KeepsakeStore.claim(id, now: now, claimedBy: claimant, in: db))
        case .outcome(let id, let outcome, let now, _):
            return .outcome(try KeepsakeStore.recordOutcome(
                id, outcome, now: now, recordedBy: recordedBy, breaker: breaker, in: db))
        }
    }
}

/// Transactions and writes a ``LedgerWriter`` committed.
struct GroupCounters {
    var transactions = 0
    var writes = 0
}
