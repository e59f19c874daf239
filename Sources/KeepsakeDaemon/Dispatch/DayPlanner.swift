import Calendars
import Foundation
import Scheduler
import Store

/// The planning half of a tick: keeps the send ledger's plans of the local days around now
/// (UTC yesterday to tomorrow, which covers every zone from UTC−12 to UTC+14) up to date, and
/// plans nothing when nothing changed.
///
/// A day is planned for everyone when it comes into range, when the campaign files in force
/// change (their ``CampaignFiles/fingerprint``), after an import, or when a stop interrupted its
/// plan (the next start finishes it: the rows already written are facts the planner does not
/// plan again; if anything was journalled meanwhile, it plans the day afresh). A consent event, a change to a customer or a send outcome that changes whether a
/// delivery takes its customer's share of the day re-plans only that customer's days. The store
/// journals these changes in the transactions that make them (``KeepsakeStore/planChanges(after:)``).
///
/// Caps across days make a day's plan depend on the days before it. Rows of earlier days count
/// against them as long as their status counts toward the cap, `planned` ones included, so a later
/// day planned before today's sends never double-books; an outcome that frees a share (failed,
/// expired, cancelled) is journalled for its customer, which re-plans that customer's days.
///
/// Planned entries are written as `planned` rows not yet due, in batches of whole customers, so
/// a day of a million customers is never held in memory. Only such rows are replaced.
struct DayPlanner {
    let files: CampaignFiles
    let store: KeepsakeStore
    /// How many rows a batch writes at least (whole customers: the last one may add a few).
    let batchSize: Int
    /// Test hook: ends the process right after this batch (counted from 1 in the process) is committed.
    let exitAfterBatch: Int?

    /// What one call did.
    struct Outcome: Hashable {
        /// Planner runs (one per scope: everyone, or the customers a change concerns).
        var runs = 0
        /// Rows written to the ledger.
        var rows = 0
    }

    /// The local days planned around `now`.
    static func days(around now: Date) -> [LocalDate] {
        let today = LocalDate(now, in: TimeZone(identifier: "UTC")!)
        return [today.adding(days: -1), today, today.adding(days: 1)]
    }

    /// Plans what changed since the last call, as of `now`.
    func keepPlanned(now: Date) throws -> Outcome {
        let days = Self.days(around: now)
        try store.forgetPlannedDays(before: days[0])
        let known = try store.plannedDays()
        let current = days.compactMap { known[$0] }.filter { $0.complete && $0.fingerprint == files.fingerprint }
        let changes = try store.planChanges(after: current.map(\.plannedThrough).min() ?? 0)
        var outcome = Outcome()
        // Every day not planned with these files, not finished, or concerned by a change for everyone.
        let stale = days.filter { day in
            guard let planned = known[day], planned.complete, planned.fingerprint == files.fingerprint else { return true }
            return changes.everyone && planned.plannedThrough < changes.through
        }
        if !stale.isEmpty {
            // A plan a stop cut short is finished where it stopped, unless anything changed since it began.
            let resumable = stale.filter { day in
                known[day].map { !$0.complete && $0.fingerprint == files.fingerprint && $0.plannedThrough == changes.through } ?? false
            }
            try store.beginPlanning(days: resumable, fingerprint: files.fingerprint, through: changes.through, resuming: true)
            try store.beginPlanning(
                days: stale.filter { !resumable.contains($0) }, fingerprint: files.fingerprint, through: changes.through,
                resuming: false)
            outcome.rows += try write(now: now, days: stale) { planner, body in
                try planner.plan(now: now, days: stale.first!...stale.last!, body)
            }
            try store.finishPlanning(days: stale, fingerprint: files.fingerprint, through: changes.through, customers: nil)
            outcome.runs += 1
        }
        let planned = days.filter { !stale.contains($0) }
        if !planned.isEmpty, !changes.isEmpty, !changes.everyone {
            let ids = changes.customerIDs
            try store.deletePlans(customerIDs: ids, days: days)
            outcome.rows += try write(now: now, days: days) { planner, body in
                try planner.plan(now: now, days: days.first!...days.last!, customerIDs: ids, body)
            }
            try store.finishPlanning(days: days, fingerprint: files.fingerprint, through: changes.through, customers: ids.count)
            outcome.runs += 1
        }
        return outcome
    }

    /// Runs the planner through `plan` and writes the entries of `days` it plans or drops, a batch
    /// of whole customers at a time. Returns how many rows were new.
    private func write(
        now: Date, days: [LocalDate],
        _ plan: (Planner, (PlannedDelivery) throws -> Void) throws -> Void
    ) throws -> Int {
        let planner = Planner(
            calendar: files.calendar, campaigns: files.campaigns, store: store, history: LedgerHistory(store: store))
        let rows = DueDeliveries(files: files, store: store)
        var batch: [LedgerDelivery] = []
        var written = 0
        var batches = 0
        func flush() throws {
            written += try store.recordPlanned(batch)
            batch.removeAll(keepingCapacity: true)
            batches += 1
            if batches == exitAfterBatch {
                FileHandle.standardError.write(Data("keepsake: test hook: exiting after planning batch \(batches)\n".utf8))
                exit(Self.hookExitCode)
            }
        }
        try plan(planner) { delivery in
            guard days.contains(delivery.day) else { return }
            let row: LedgerDelivery
            switch delivery.status {
            case .planned: row = rows.row(delivery, status: .planned, droppedBy: nil, now: now)
            case .dropped(let reason): row = rows.row(delivery, status: .planned, droppedBy: reason.droppedBy, now: now)
            // Recorded as held out at once: no tick ever claims it, and it is the report's baseline.
            case .heldOut: row = rows.row(delivery, status: .heldOut, droppedBy: nil, now: now)
            case .deferred, .handedOver: return
            }
            if batch.count >= batchSize, batch.last?.customerID != row.customerID { try flush() }
            batch.append(row)
        }
        if !batch.isEmpty { try flush() }
        return written
    }

    /// The exit status of the process the test hook ends.
    static let hookExitCode: Int32 = 75
}

extension DayPlanner {
    /// How many rows a batch of planning writes unless the test hook says otherwise.
    static let defaultBatchSize = 2_000

    /// The test hooks, read from the environment: `KEEPSAKE_TEST_EXIT_AFTER_PLAN_BATCH=k` ends the
    /// process right after planning batch k is committed (to test that the next start finishes
    /// the plan), and `KEEPSAKE_TEST_PLAN_BATCH_SIZE=n` makes batches of n rows, so that a small
    /// store has several.
    static func fromEnvironment(files: CampaignFiles, store: KeepsakeStore) -> DayPlanner {
        let environment = ProcessInfo.processInfo.environment
        func positive(_ name: String) -> Int? { environment[name].flatMap { Int($0) }.flatMap { $0 > 0 ? $0 : nil } }
        return DayPlanner(
            files: files, store: store, batchSize: positive("KEEPSAKE_TEST_PLAN_BATCH_SIZE") ?? defaultBatchSize,
            exitAfterBatch: positive("KEEPSAKE_TEST_EXIT_AFTER_PLAN_BATCH"))
    }
}
