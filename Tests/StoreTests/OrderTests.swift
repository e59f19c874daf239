import Calendars
import Foundation
import Mail
import Testing
@testable import Store

@Suite("Orders")
struct OrderTests {
    @Test("orders update first and last order, count and exact total, once per order id", arguments: StoreFixture.engines)
    func aggregatesAndIdempotence(engine: StoreEngine) throws {
        let fixture = try StoreFixture(engine)
        var sara = try customer("c1", "sara@shop.example")
        sara.calendar = .persian
        sara.timeZone = "Asia/Tehran"
        let orders = [
            OrderRecord(orderID: "o2", customerID: "c1", createdAt: try PointInTime(parsing: "2024-05-01T10:00:00Z"),
                        total: Decimal(string: "0.10")!),
            OrderRecord(orderID: "o1", customerID: "c1", createdAt: try PointInTime(parsing: "2023-03-20T21:00:00Z"),
                        total: Decimal(string: "0.20")!),
            OrderRecord(orderID: "o3", customerID: "c1", createdAt: try PointInTime(parsing: "2024-01-01"),
                        total: Decimal(string: "1250000")!),
        ]
        let outcomes = try fixture.store.importSession(commit: true, recordedBy: "test") { session in
            _ = try session.upsert(sara)
            return try orders.map { try session.recordOrder($0).outcome }
        }
        #expect(outcomes == [.applied, .applied, .applied])
        let again = try fixture.store.importSession(commit: true, recordedBy: "test") { session in
            try orders.map { try session.recordOrder($0).outcome }
        }
        #expect(again == [.alreadyImported, .alreadyImported, .alreadyImported])
        // Read from the row itself: the planner's customer reader is not on PostgreSQL yet.
        let keys = try #require(try fixture.store.database.read { db in
            try db.row(sql: """
                SELECT orders_count, first_order_at, last_order_at, first_order_local_date, first_order_month_day,
                    last_order_local_date, total_spent
                FROM customers WHERE id = 'c1'
                """)
        })
        #expect(try keys["orders_count"] as Int == 3)
        #expect(try keys["first_order_at"] as String == orders[1].createdAt.description)
        #expect(try keys["last_order_at"] as String == orders[0].createdAt.description)
        // 2023-03-20T21:00Z is 1 Farvardin 1402, 00:30 in Tehran.
        #expect(try keys["first_order_local_date"] as String == "2023-03-21")
        #expect(try keys["first_order_month_day"] as Int == 101)
        #expect(try keys["last_order_local_date"] as String == "2024-05-01")
        // The exact decimal, as text, on both engines.
        #expect(try keys["total_spent"] as String == "1250000.3")
    }

    @Test("an order finds its customer by email when it has no customer id, else is stored as a guest order", arguments: StoreFixture.engines)
    func customerLookup(engine: StoreEngine) throws {
        let fixture = try StoreFixture(engine)
        let placed = try PointInTime(parsing: "2024-05-01")
        let outcomes = try fixture.store.importSession(commit: true, recordedBy: "test") { session in
            _ = try session.upsert(try customer("c1", "sara@shop.example"))
            return [
                try session.recordOrder(OrderRecord(
                    orderID: "by-email", email: try EmailAddress("SARA@shop.example"), createdAt: placed, total: 5)).outcome,
                try session.recordOrder(OrderRecord(orderID: "by-id", customerID: "nobody", createdAt: placed, total: 5)).outcome,
                try session.recordOrder(OrderRecord(
                    orderID: "stranger", email: try EmailAddress("x@shop.example"), createdAt: placed, total: 5)).outcome,
                try session.recordOrder(OrderRecord(orderID: "neither", createdAt: placed, total: 5)).outcome,
            ]
        }
        #expect(outcomes == [.applied, .guest, .guest, .guest])
        let (ordersCount, count) = try fixture.store.database.read { db in
            (try db.value(Int.self, sql: "SELECT orders_count FROM customers WHERE id = 'c1'"),
             try db.value(Int.self, sql: "SELECT COUNT(*) FROM orders"))
        }
        #expect(ordersCount == 1)
        // Guest orders are kept (counted, listed by `keepsake orders unmatched`), not refused.
        #expect(count == 4)
        #expect(try fixture.store.unmatchedOrders().map(\.orderID) == ["by-id", "neither", "stranger"])
        #expect(try fixture.store.unmatchedOrders().map(\.guestEmail) == [nil, nil, "x@shop.example"])
    }
}

@Suite("Import sessions")
struct ImportSessionTests {
    /// Writes a customer, an order and a consent event: one of each kind of row a session touches.
    private func writeEverything(_ session: ImportSession) throws {
        _ = try session.upsert(try customer("c2", "new@shop.example"))
        var changed = try customer("c1", "sara@shop.example")
        changed.firstName = "Changed"
        _ = try session.upsert(changed)
        _ = try session.recordOrder(OrderRecord(
            orderID: "o9", customerID: "c1", createdAt: try PointInTime(parsing: "2024-01-01"), total: 9))
        _ = try session.observeConsent(
            ConsentObservation(status: .optedIn, occurredAt: try instant("2024-01-01T00:00:00Z"), source: "form"),
            email: try EmailAddress("new@shop.example"), customerID: "c2")
    }

    private func snapshot(_ fixture: StoreFixture) throws -> [String] {
        try fixture.store.database.read { db in
            var lines: [String] = []
            for table in ["customers", "orders", "consent_events", "erased_addresses"] {
                for row in try db.rows(sql: "SELECT * FROM \(table) ORDER BY 1") {
                    lines.append("\(table) \(try (0..<row.count).map { "\(try row.value(at: $0))" })")
                }
            }
            return lines
        }
    }

    private func seeded(_ engine: StoreEngine) throws -> StoreFixture {
        let fixture = try StoreFixture(engine)
        try fixture.store.importSession(commit: true, recordedBy: "seed") { session in
            _ = try session.upsert(try customer("c1", "sara@shop.example"))
        }
        return fixture
    }

    @Test("a dry run (commit: false) returns the body's result and leaves the store unchanged", arguments: StoreFixture.engines)
    func dryRunRollsBack(engine: StoreEngine) throws {
        let fixture = try seeded(engine)
        let before = try snapshot(fixture)
        let result = try fixture.store.importSession(commit: false, recordedBy: "test") { session in
            try writeEverything(session)
            return try session.upsert(try customer("c3", "third@shop.example"))
        }
        #expect(result == .inserted)
        #expect(try snapshot(fixture) == before)
        #expect(try fixture.store.customerCount() == 1)
    }

    @Test("an error thrown by the body rolls back everything and reaches the caller", arguments: StoreFixture.engines)
    func thrownErrorRollsBack(engine: StoreEngine) throws {
        let fixture = try seeded(engine)
        let before = try snapshot(fixture)
        let error = try #require(throws: StoreError.self) {
            try fixture.store.importSession(commit: true, recordedBy: "test") { session in
                try writeEverything(session)
                throw StoreError(.invalidArgument, "row 7: bad email")
            }
        }
        #expect(error.message == "row 7: bad email")
        #expect(try snapshot(fixture) == before)
        #expect(try fixture.store.verifyConsentLedger() == .intact(headHash: ChainedFields.genesisHash, eventCount: 0))
    }
}
