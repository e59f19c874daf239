import Foundation

/// The ``SendLedgerStore`` of a SQLite ``KeepsakeStore``: each call is one of the store's own
/// transactions, run with GRDB's async `read` and `write`, so a task waiting for SQLite (another
/// writer, a checkpoint, the disk) is suspended rather than holding a cooperative thread.
public struct SQLiteSendLedger: SendLedgerStore {
    let store: KeepsakeStore

    /// The send ledger of `store`.
    public init(_ store: KeepsakeStore) {
        self.store = store
    }

    public func recordDue(_ deliveries: [LedgerDelivery]) async throws -> [LedgerDelivery] {
        guard !deliveries.isEmpty else { return [] }
        return try await store.database.write(KeepsakeStore.recordingDue(deliveries, digests: store.digests))
    }

    public func expireOverdue(now: Date) async throws -> [LedgerDelivery] {
        try await store.database.write(KeepsakeStore.expiringOverdue(now: now))
    }

    public func waitingDeliveries(dueBy now: Date, limit: Int) async throws -> [LedgerDelivery] {
        try await store.database.read(KeepsakeStore.readingWaiting(dueBy: now, limit: limit))
    }

    public func postpone(_ id: Int64, until instant: Date, now: Date) async throws -> Bool {
        try await store.database.write(KeepsakeStore.postponing(id, until: instant, now: now))
    }

    public func recoverInterrupted(now: Date, resend: Bool) async throws -> [LedgerDelivery] {
        try await store.database.write(KeepsakeStore.recoveringInterrupted(now: now, resend: resend))
    }

    public func customers(ids: [String]) async throws -> [String: CustomerRecord] {
        let digests = store.digests
        return try await store.database.read { db in
            try PlanningReader(db: db, digests: digests, consentSnapshot: ConsentSnapshot()).customers(ids: ids)
        }
    }

    public func sendingPause() async throws -> SendingPause? {
        try await store.database.read { db in try KeepsakeStore.readingPause(db) }
    }

    public func pauseSending(_ pause: SendingPause) async throws -> SendingPause {
        try await store.database.write(KeepsakeStore.pausing(pause))
    }

    public func resumeSending(causes: Set<SendingPause.Cause>) async throws -> SendingPause? {
        try await store.database.write(KeepsakeStore.resuming(causes: causes))
    }

    public func applyCampaignPauseRule(_ rule: CampaignPauseRule, now: Date) async throws -> [CampaignPause] {
        try await store.database.write(KeepsakeStore.applyingCampaignPauseRule(rule, now: now))
    }

    public func recordRelayFailure(at now: Date, reply: String) async throws -> RelayFailure {
        try await store.database.write(KeepsakeStore.recordingRelayFailure(at: now, reply: reply))
    }

    public func clearRelayFailure() async throws -> RelayFailure? {
        try await store.database.write { db in try KeepsakeStore.clearingRelayFailure(db) }
    }

    public func recordTick(_ tick: TickRecord) async throws {
        try await store.database.write { db in try KeepsakeStore.writeState(tick, key: "last_tick", db: db) }
    }

    public func recordReloadApplied(at now: Date) async throws {
        try await store.database.write { db in try KeepsakeStore.writeState(ReloadRecord(appliedAt: now), key: "reload", db: db) }
    }

    public func recordReloadRefused(at now: Date, problems: [String]) async throws {
        try await store.database.write(KeepsakeStore.recordingReloadRefused(at: now, problems: problems))
    }
}
