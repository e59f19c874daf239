import Calendars
import Foundation
import GRDB
import Mail
import Testing
@testable import Store

@Suite("Order details migration and erasure")
struct OrderDetailsMigrationTests {
    /// SQLite only: stores older than migration 9 are SQLite files (PostgreSQL came after migration 11).
    @Test("migration 9 keeps the orders of an older store: counted, with their instant, customer and total")
    func olderStoresKeepTheirOrders() throws {
        let fixture = try StoreFixture()
        // The fixture's store is already current: write an older one beside it.
        let path = fixture.directory.appendingPathComponent("older.sqlite").path
        let queue = try DatabaseQueue(path: path)
        try StoreMigrations.migrator.migrate(queue, upTo: "7 inbound mail")
        try queue.write { db in
            try db.execute(sql: """
                INSERT INTO customers (id, email_normalized, email, calendar, orders_count, total_spent, attributes, created_at, updated_at)
                VALUES ('c1', 'sara@shop.example', 'sara@shop.example', 'gregorian', 2, '30', '{}', '2024-01-01', '2024-01-01');
                INSERT INTO orders (order_id, customer_id, created_at, total, currency) VALUES
                    ('o1', 'c1', '2024-02-02', '12', 'EUR'), ('o2', 'c1', '2024-03-03T10:20:30Z', '18', 'EUR');
                """)
        }
        try queue.close()
        let store = try KeepsakeStore(path: path)
        let first = try #require(try store.order(id: "o1"))
        #expect((first.customerID, first.status, first.total, first.createdAt) == ("c1", .counted, 12, "2024-02-02"))
        #expect(first.placedAt == (try instant("2024-02-02T00:00:00Z")))
        #expect(try store.order(id: "o2")?.placedAt == (try instant("2024-03-03T10:20:30Z")))
        #expect(try store.unmatchedOrders().isEmpty)
    }

    @Test("forgetting an address erases its guest orders with their codes and lines", arguments: StoreFixture.engines)
    func forgetErasesGuestOrders(engine: StoreEngine) throws {
        let fixture = try StoreFixture(engine)
        let guest = try EmailAddress("Guest@Shop.example")
        try fixture.store.importSession(commit: true, recordedBy: "test") { session in
            _ = try session.recordOrder(OrderRecord(
                orderID: "g1", email: guest, createdAt: try PointInTime(parsing: "2024-02-02"), total: 12,
                discountCodes: ["SPRING5"],
                lineItems: [OrderLineItem(position: 1, product: "SKU-1", title: "Tea", quantity: 1, price: 12)]))
            _ = try session.recordOrder(OrderRecord(
                orderID: "g2", email: try EmailAddress("other@shop.example"), createdAt: try PointInTime(parsing: "2024-02-02"),
                total: 5))
        }
        #expect(try fixture.store.export(email: guest).tables["orders"]?.map { $0["order_id"] } == ["g1"])
        _ = try fixture.store.forget(email: guest)
        #expect(try fixture.store.order(id: "g1") == nil)
        #expect(try fixture.store.unmatchedOrders().map(\.orderID) == ["g2"])
        let leftovers = try fixture.store.database.read { db in
            try db.value(Int.self, sql: """
                SELECT (SELECT count(*) FROM order_discount_codes) + (SELECT count(*) FROM order_line_items)
                """)
        }
        #expect(leftovers == 0)
    }
}
