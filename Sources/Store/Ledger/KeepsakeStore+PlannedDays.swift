import Calendars
import Foundation

/// A local day whose deliveries the send ledger holds as `planned` rows.
public struct PlannedDay: Hashable, Sendable {
    /// The local day.
    public var day: LocalDate
    /// The fingerprint of the campaign files it was planned with.
    public var fingerprint: String
    /// The last position of the plan-change journal its plan reflects.
    public var plannedThrough: Int64
    /// False while its plan for everyone is being written (a stop in between leaves it false).
    public var complete: Bool

    public init(day: LocalDate, fingerprint: String, plannedThrough: Int64, complete: Bool) {
        self.day = day
        self.fingerprint = fingerprint
        self.plannedThrough = plannedThrough
        self.complete = complete
    }
}

/// What changed since a position of the plan-change journal, as far as planning is concerned.
public struct PlanChanges: Hashable, Sendable {
    /// Something concerns every customer (an import, or more changed customers than one
    /// re-planning takes: ``KeepsakeStore/planChangeLimit``).
    public var everyone: Bool
    /// The customers whose plans changed, when not everyone's did.
    public var customerIDs: [String]
    /// The journal's last position.
    public var through: Int64

    /// Whether nothing changed.
    public var isEmpty: Bool { !everyone && customerIDs.isEmpty }
}

/// How often the daemon planned, for `keepsake status`, the metrics and the tests.
public struct PlanningCount: Hashable, Sendable, Codable {
    /// Planner runs since the store was created.
    public var runs: Int
    /// Customers named by the last run; nil when it planned everyone.
    public var lastCustomers: Int?
    /// The days of the last run.
    public var lastDays: [String]

    public init(runs: Int = 0, lastCustomers: Int? = nil, lastDays: [String] = []) {
        self.runs = runs
        self.lastCustomers = lastCustomers
        self.lastDays = lastDays
    }
}

extension KeepsakeStore {
    /// More changed customers than this since the last planning and everyone is re-planned (one
    /// scan of the store beats as many lookups), so a change never holds more ids than this in memory.
    public static let planChangeLimit = 10_000

    /// The days the ledger holds plans for, by day.
    public func plannedDays() throws -> [LocalDate: PlannedDay] {
        try database.read { db in
            var days: [LocalDate: PlannedDay] = [:]
            for row in try db.rows(sql: "SELECT * FROM planned_days") {
                let text: String = try row["day"]
                guard let day = try? LocalDate(parsing: text) else {
                    throw StoreError.corrupt(table: "planned_days", row: text, column: "day", value: text, expected: "a day as YYYY-MM-DD")
                }
                days[day] = PlannedDay(
                    day: day, fingerprint: try row["fingerprint"], plannedThrough: try row["planned_through"],
                    complete: try row["complete"])
            }
            return days
        }
    }

    /// The changes recorded in the journal after `position`.
    public func planChanges(after position: Int64) throws -> PlanChanges {
        try database.read { db in
            let through = try db.value(Int64.self, sql: "SELECT MAX(position) FROM plan_changes") ?? position
            let everyone = try db.value(
                Int.self, sql: "SELECT 1 FROM plan_changes WHERE position > ? AND customer_id IS NULL LIMIT 1", arguments: [position]) != nil
            guard !everyone else { return PlanChanges(everyone: true, customerIDs: [], through: through) }
            let ids = try db.values(String.self, sql: """
                SELECT DISTINCT customer_id FROM plan_changes WHERE position > ? ORDER BY customer_id LIMIT ?
                """, arguments: [position, Self.planChangeLimit + 1])
            guard ids.count <= Self.planChangeLimit else { return PlanChanges(everyone: true, customerIDs: [], through: through) }
            return PlanChanges(everyone: false, customerIDs: ids, through: through)
        }
    }

    /// Starts planning `days` for everyone with campaign files of `fingerprint`: marks them
    /// incomplete and, unless the run resumes one a stop interrupted, deletes their `planned`
    /// rows not yet due (rows due, claimed, sent or otherwise settled stay: they are facts).
    public func beginPlanning(days: [LocalDate], fingerprint: String, through: Int64, resuming: Bool) throws {
        try database.write { db in
            for day in days {
                if !resuming {
                    try db.execute(
                        sql: "DELETE FROM deliveries WHERE day = ? AND status = 'planned' AND due_at IS NULL", arguments: [day.description])
                }
                try db.execute(sql: Self.planDaySQL(complete: false), arguments: [day.description, fingerprint, through])
            }
        }
    }

    /// Deletes the `planned` rows not yet due of these customers on these days, before they are
    /// planned again.
    public func deletePlans(customerIDs: [String], days: [LocalDate]) throws {
        try database.write { db in
            let dayList = days.map(\.description)
            for start in stride(from: 0, to: customerIDs.count, by: 500) {
                let chunk = Array(customerIDs[start..<min(start + 500, customerIDs.count)])
                try db.execute(
                    sql: """
                        DELETE FROM deliveries WHERE status = 'planned' AND due_at IS NULL
                        AND customer_id IN (\(Self.placeholders(chunk.count))) AND day IN (\(Self.placeholders(dayList.count)))
                        """, arguments: StoreArguments(chunk + dayList))
            }
        }
    }

    /// Ends a planner run over `days`: they are complete and reflect the journal through
    /// `through` (older journal entries are deleted once every planned day reflects them), and the
    /// run is counted. `customers` is how many customers a run for some of them named.
    public func finishPlanning(days: [LocalDate], fingerprint: String, through: Int64, customers: Int?) throws {
        try database.write { db in
            for day in days {
                try db.execute(sql: Self.planDaySQL(complete: true), arguments: [day.description, fingerprint, through])
            }
            let oldest = try db.value(Int64.self, sql: "SELECT MIN(planned_through) FROM planned_days") ?? 0
            try db.execute(sql: "DELETE FROM plan_changes WHERE position <= ?", arguments: [oldest])
            var count = try Self.readState(PlanningCount.self, key: "planning", db: db) ?? PlanningCount()
            count.runs += 1
            count.lastCustomers = customers
            count.lastDays = days.map(\.description)
            try Self.writeState(count, key: "planning", db: db)
        }
    }

    /// Forgets the plans of days before `day` (their rows stay in the ledger, and expire).
    public func forgetPlannedDays(before day: LocalDate) throws {
        try database.write { db in
            try db.execute(sql: "DELETE FROM planned_days WHERE day < ?", arguments: [day.description])
        }
    }

    /// How often the daemon planned.
    public func planningCount() throws -> PlanningCount {
        try database.read { db in try Self.readState(PlanningCount.self, key: "planning", db: db) ?? PlanningCount() }
    }

    /// Writes one batch of a plan: `planned` rows not yet due (a drop decided in advance has a
    /// `dropped_by`), in one transaction. An occurrence already in the ledger is left as it is.
    /// Returns how many rows were new.
    @discardableResult
    public func recordPlanned(_ deliveries: [LedgerDelivery]) throws -> Int {
        guard !deliveries.isEmpty else { return 0 }
        return try database.write { db in try insert(deliveries, due: false, in: db).count }
    }

    /// Up to `limit` planned rows not yet due whose send instant came by `now`, by id: the tick
    /// reserves their coupon codes, then records them as due with ``markDue(_:now:)``.
    public func becomingDue(now: Date, limit: Int) throws -> [LedgerDelivery] {
        try database.read { db in
            try LedgerDelivery.fetchAll(db, sql: Self.becomingDueSQL, arguments: [StoredText.instant(now), limit])
        }
    }

    /// Up to a limit of planned rows not yet due whose send instant came by an instant (two
    /// arguments), by id: through their partial index, so a tick reads only the rows it records
    /// (PostgreSQL, which has no `INDEXED BY`, chooses that index by itself).
    static let becomingDueSQL = """
        SELECT * FROM deliveries INDEXED BY deliveries_becoming_due
        WHERE status = 'planned' AND due_at IS NULL AND send_at <= ? ORDER BY id LIMIT ?
        """

    /// Records these planned rows as due at `now`, in one transaction: a drop decided in advance
    /// becomes `dropped`, the others wait for a connection. Returns the rows that were still
    /// planned and not yet due, each with its new status.
    public func markDue(_ deliveries: [LedgerDelivery], now: Date) throws -> [LedgerDelivery] {
        let instant = StoredText.instant(now)
        return try database.write { db in
            var marked: [LedgerDelivery] = []
            for var delivery in deliveries {
                try db.execute(sql: """
                    UPDATE deliveries SET due_at = ?1, updated_at = ?1,
                        status = CASE WHEN dropped_by IS NULL THEN status ELSE 'dropped' END
                    WHERE id = ?2 AND status = 'planned' AND due_at IS NULL
                    """, arguments: [instant, delivery.id])
                guard db.changesCount == 1 else { continue }
                if delivery.droppedBy != nil { delivery.status = .dropped }
                marked.append(delivery)
            }
            return marked
        }
    }

    /// Discards every plan: the `planned` rows not yet due and the planned days, so that the
    /// daemon's next tick plans every day in range afresh.
    public func discardPlans() throws {
        try database.write { db in
            try db.execute(sql: "DELETE FROM deliveries WHERE status = 'planned' AND due_at IS NULL")
            try db.execute(sql: "DELETE FROM planned_days")
        }
    }

    /// Records a day's plan (a new one, or a new state of it): day, fingerprint, journal position.
    private static func planDaySQL(complete: Bool) -> String {
        """
        INSERT INTO planned_days (day, fingerprint, planned_through, complete) VALUES (?, ?, ?, \(complete ? 1 : 0))
        ON CONFLICT (day) DO UPDATE SET fingerprint = excluded.fingerprint, planned_through = excluded.planned_through,
            complete = excluded.complete
        """
    }

    static func placeholders(_ count: Int) -> String {
        Array(repeating: "?", count: count).joined(separator: ", ")
    }
}

extension ImportSession {
    /// Journals a change that concerns every customer's plan (an import: customers, orders and the
    /// RFM quintiles change), inside the session's transaction. Call it before writing, so the
    /// per-customer journal triggers find it and stay silent.
    public func changesEveryonesPlan(reason: String) throws {
        try connection.execute(sql: "INSERT INTO plan_changes (customer_id, reason) VALUES (NULL, ?)", arguments: [reason])
    }
}
