import Foundation
import GRDB
import Testing
@testable import Store

/// The queries every tick runs read only the rows they return: each searches its partial index,
/// never `deliveries_status`, which holds every waiting row (800,000 on Nowruz), and never sorts
/// the whole ledger. The plans are SQLite's own (`EXPLAIN QUERY PLAN`) on a store with rows; on
/// PostgreSQL, which chooses its indexes by itself (no `INDEXED BY`), `EXPLAIN` with sequential scans
/// disabled shows that the same partial index serves each query.
@Suite struct TickQueryPlanTests {
    /// SQLite's plan of `sql`, one line per step.
    func plan(_ sql: String, _ arguments: StatementArguments, in store: KeepsakeStore) throws -> [String] {
        try store.pool.read { db in
            try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + sql, arguments: arguments).map { $0["detail"] as String }
        }
    }

    /// PostgreSQL's plan of `sql` (the same text, its `INDEXED BY` dropped), one line per node, with
    /// sequential scans disabled: on 200 rows a scan of the table is cheapest, and the question is
    /// whether an index can serve the query at all.
    func postgresPlan(_ sql: String, _ arguments: StoreArguments, in store: KeepsakeStore) throws -> [String] {
        try store.database.read { db in
            try db.execute(sql: "SET LOCAL enable_seqscan = off")
            return try db.rows(sql: "EXPLAIN " + sql, arguments: arguments).map { try $0["QUERY PLAN"] as String }
        }
    }

    func storeWithWaitingRows(_ engine: StoreEngine = .sqlite) throws -> StoreFixture {
        let fixture = try StoreFixture(engine)
        try fixture.store.database.write { db in
            for index in 0..<200 {
                try db.execute(sql: """
                    INSERT INTO deliveries (campaign_id, customer_id, occurrence_date, day, email_digest, segment, template,
                        locale, time_zone, send_at, expires_at, message_id, status, next_attempt_at, planned_at, updated_at, due_at)
                    VALUES ('nowruz', ?, '2026-03-21', '2026-03-21', ?, 'all', 'nowruz', 'fa', 'Asia/Tehran',
                        '2026-03-21T05:30:00.000Z', '2026-03-23T20:30:00.000Z', ?, ?, '2026-03-21T05:30:00.000Z',
                        '2026-03-20T00:00:00.000Z', '2026-03-20T00:00:00.000Z', ?)
                    """, arguments: ["c\(index)", "d\(index)", "m\(index)", index % 3 == 0 ? "sent" : "planned",
                                     index % 2 == 0 ? "2026-03-21T05:30:00.000Z" : nil])
            }
            if db.engine == .postgresql { try db.execute(sql: "ANALYZE deliveries") }
        }
        return fixture
    }

    @Test func recordingWhatBecameDueSearchesItsPartialIndex() throws {
        let fixture = try storeWithWaitingRows()
        let steps = try plan(KeepsakeStore.becomingDueSQL, ["2026-03-21T12:00:00.000Z", 2_000], in: fixture.store)
        #expect(steps.contains { $0.contains("USING INDEX deliveries_becoming_due (send_at<?)") }, "\(steps)")
        #expect(!steps.contains { $0.contains("deliveries_status") }, "\(steps)")
    }

    @Test func expiringSearchesTheIndexByExpiry() throws {
        let fixture = try storeWithWaitingRows()
        let steps = try plan(KeepsakeStore.expiringSQL, ["2026-03-21T12:00:00.000Z"], in: fixture.store)
        #expect(steps.contains { $0.contains("USING INDEX deliveries_expiring (expires_at<?)") }, "\(steps)")
        #expect(!steps.contains { $0.contains("deliveries_status") }, "\(steps)")
    }

    @Test func takingWaitingDeliveriesReadsThemInIndexOrderWithoutSorting() throws {
        let fixture = try storeWithWaitingRows()
        let steps = try plan(KeepsakeStore.waitingSQL, ["2026-03-21T12:00:00.000Z", 2_000], in: fixture.store)
        #expect(steps.contains { $0.contains("USING INDEX deliveries_waiting (next_attempt_at<?)") }, "\(steps)")
        #expect(!steps.contains { $0.contains("TEMP B-TREE") }, "\(steps)")
    }

    @Test func recordingWhatBecameDueCanSearchItsPartialIndexOnPostgreSQL() throws {
        let fixture = try storeWithWaitingRows(.postgresql)
        let steps = try postgresPlan(KeepsakeStore.becomingDueSQL, ["2026-03-21T12:00:00.000Z", 2_000], in: fixture.store)
        #expect(steps.contains { $0.contains("deliveries_becoming_due") }, "\(steps)")
        #expect(!steps.contains { $0.contains("deliveries_status") }, "\(steps)")
    }

    @Test func expiringCanSearchTheIndexByExpiryOnPostgreSQL() throws {
        let fixture = try storeWithWaitingRows(.postgresql)
        let steps = try postgresPlan(KeepsakeStore.expiringSQL, ["2026-03-21T12:00:00.000Z"], in: fixture.store)
        #expect(steps.contains { $0.contains("deliveries_expiring") }, "\(steps)")
        #expect(!steps.contains { $0.contains("deliveries_status") }, "\(steps)")
    }

    @Test func takingWaitingDeliveriesCanReadThemInIndexOrderOnPostgreSQL() throws {
        let fixture = try storeWithWaitingRows(.postgresql)
        let steps = try postgresPlan(KeepsakeStore.waitingSQL, ["2026-03-21T12:00:00.000Z", 2_000], in: fixture.store)
        #expect(steps.contains { $0.contains("deliveries_waiting") }, "\(steps)")
        #expect(!steps.contains { $0.contains("deliveries_status") }, "\(steps)")
    }

    @Test(arguments: StoreFixture.engines)
    func expiringStillExpiresOnlyWhatOverran(engine: StoreEngine) throws {
        let fixture = try storeWithWaitingRows(engine)
        #expect(try fixture.store.expireOverdue(now: try instant("2026-03-23T20:29:59Z")).isEmpty)
        let expired = try fixture.store.expireOverdue(now: try instant("2026-03-23T20:30:00Z"))
        // Of 200 rows, every third was sent; the others were waiting.
        #expect(expired.count == 133)
        #expect(expired.allSatisfy { $0.status == .expired })
        #expect(try fixture.store.expireOverdue(now: try instant("2026-03-24T00:00:00Z")).isEmpty)
    }
}
