import Calendars
import Foundation
import GRDB
import Mail
import Testing
@testable import Store

@Suite("Orders")
struct OrderTests {
    @Test("orders update first and last order, count and exact total, once per order id")
    func aggregatesAndIdempotence() throws {
        let fixture = try StoreFixture()
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
        let stored = try #require(try fixture.store.customer(idOrEmail: "c1"))
        #expect(stored.ordersCount == 3)
        #expect(stored.totalSpent == Decimal(string: "1250000.3")!)
        #expect(stored.firstOrderAt == orders[1].createdAt)
        #expect(stored.lastOrderAt == orders[0].createdAt)
        let keys = try DatabaseQueue(path: fixture.path).read { db in
            try Row.fetchOne(db, sql: """
                SELECT first_order_local_date, first_order_month_day, last_order_local_date, total_spent
                FROM customers WHERE id = 'c1'
                """)
        }
        // 2023-03-20T21:00Z is 1 Farvardin 1402, 00:30 in Tehran.
        #expect(keys?["first_order_local_date"] == "2023-03-21")
        #expect(keys?["first_order_month_day"] == 101)
        #expect(keys?["last_order_local_date"] == "2024-05-01")
        #expect(keys?["total_spent"] == "1250000.3")
    }

    @Test("an order finds its customer by email when it has no customer id, else is stored as a guest order")
    func customerLookup() throws {
        let fixture = try StoreFixture()
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
        #expect(try fixture.store.customer(idOrEmail: "c1")?.ordersCount == 1)
        let count = try DatabaseQueue(path: fixture.path).read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM orders")
        }
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
        try DatabaseQueue(path: fixture.path).read { db in
            var lines: [String] = []
            for table in ["customers", "orders", "consent_events", "erased_addresses"] {
                for row in try Row.fetchAll(db, sql: "SELECT * FROM \(table) ORDER BY 1") {
                    lines.append("\(table) \(row)")
                }
            }
            return lines
        }
    }

    private func seeded() throws -> StoreFixture {
        let fixture = try StoreFixture()
        try fixture.store.importSession(commit: true, recordedBy: "seed") { session in
            _ = try session.upsert(try customer("c1", "sara@shop.example"))
        }
        return fixture
    }

    @Test("a dry run (commit: false) returns the body's result and leaves the store unchanged")
    func dryRunRollsBack() throws {
        let fixture = try seeded()
        let before = try snapshot(fixture)
        let result = try fixture.store.importSession(commit: false, recordedBy: "test") { session in
            try writeEverything(session)
            return try session.upsert(try customer("c3", "third@shop.example"))
        }
        #expect(result == .inserted)
        #expect(try snapshot(fixture) == before)
        #expect(try fixture.store.customerCount() == 1)
    }

    @Test("an error thrown by the body rolls back everything and reaches the caller")
    func thrownErrorRollsBack() throws {
        let fixture = try seeded()
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
