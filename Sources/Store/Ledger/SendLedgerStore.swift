import Foundation

/// What the daemon asks of its store while it runs, asynchronously: a call that waits for the
/// database suspends its task and leaves the cooperative thread pool to other tasks (the ticks,
/// the listener, the reloads), where the synchronous ``KeepsakeStore`` would block a thread.
///
/// ``SQLiteSendLedger`` implements it on the SQLite store with GRDB's async reads and writes.
/// Nothing in it names SQLite, so another database engine can stand behind it.
///
/// ```swift
/// let ledger: any SendLedgerStore = SQLiteSendLedger(store)
/// let recorded = try await ledger.recordDue(due)
/// for delivery in try await ledger.waitingDeliveries(dueBy: now, limit: 2_000) { … }
/// ```
public protocol SendLedgerStore: Sendable {
    /// Records deliveries that became due, in one transaction; an occurrence already in the ledger
    /// is left as it is. Returns the new ones, with their ids.
    func recordDue(_ deliveries: [LedgerDelivery]) async throws -> [LedgerDelivery]
    /// Marks waiting deliveries whose grace ended by `now` as expired, and returns them.
    func expireOverdue(now: Date) async throws -> [LedgerDelivery]
    /// Waiting deliveries whose next attempt is due by `now`, earliest first, at most `limit`;
    /// none of a paused campaign (``CampaignPause``).
    func waitingDeliveries(dueBy now: Date, limit: Int) async throws -> [LedgerDelivery]
    /// Moves a waiting delivery's next attempt to `instant`; false when it is not waiting any more.
    func postpone(_ id: Int64, until instant: Date, now: Date) async throws -> Bool
    /// Settles what a previous run left `sending`: in doubt, or waiting again with `resend`.
    func recoverInterrupted(now: Date, resend: Bool) async throws -> [LedgerDelivery]
    /// The customers with these ids, by id (missing ones are absent).
    func customers(ids: [String]) async throws -> [String: CustomerRecord]
    /// The pause in force, if sending is stopped.
    func sendingPause() async throws -> SendingPause?
    /// Stops all sending; an operator's pause is never replaced. Returns the pause in force.
    func pauseSending(_ pause: SendingPause) async throws -> SendingPause
    /// Lifts a pause of one of `causes`; returns the pause lifted, if any.
    func resumeSending(causes: Set<SendingPause.Cause>) async throws -> SendingPause?
    /// Pauses the campaigns whose bounce or complaint rate meets `rule`; returns those it paused.
    func applyCampaignPauseRule(_ rule: CampaignPauseRule, now: Date) async throws -> [CampaignPause]
    /// Notes a failed attempt to reach the relay.
    func recordRelayFailure(at now: Date, reply: String) async throws -> RelayFailure
    /// Ends a run of relay failures; returns it, if there was one.
    func clearRelayFailure() async throws -> RelayFailure?
    /// Keeps what the last tick did.
    func recordTick(_ tick: TickRecord) async throws
    /// Notes that the daemon loaded its files and settings (a start or an applied reload).
    func recordReloadApplied(at now: Date) async throws
    /// Notes that a reload was refused for `problems`.
    func recordReloadRefused(at now: Date, problems: [String]) async throws
}
