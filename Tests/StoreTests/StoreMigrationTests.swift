import Foundation
import GRDB
import Testing
@testable import Store

@Suite("Store migrations through the SQL seam")
struct StoreMigrationTests {
    @Test("""
        a store made before the seam (its migrations recorded by GRDB in grdb_migrations, at schema 11) opens \
        without migrating again: its customers and secret are kept and its migrations are recorded in store_migrations
        """)
    func olderStoreIsNotMigratedAgain() throws {
        let fixture = try StoreFixture()
        let path = fixture.directory.appendingPathComponent("before-the-seam.sqlite").path
        let queue = try DatabaseQueue(path: path)
        try StoreMigrations.migrator.migrate(queue)
        let secret = try queue.write { db in
            try db.execute(sql: """
                INSERT INTO customers (id, email_normalized, email, calendar, orders_count, total_spent, attributes, created_at, updated_at)
                VALUES ('c1', 'sara@shop.example', 'sara@shop.example', 'gregorian', 0, '0', '{}', '2024-01-01', '2024-01-01')
                """)
            return try Data.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'secret'")
        }
        try queue.close()

        let store = try KeepsakeStore(path: path)
        #expect(try store.customerCount() == 1)
        let recorded = try store.database.read { db in
            (try db.values(String.self, sql: "SELECT id FROM store_migrations ORDER BY rowid"),
             try db.value(Data.self, sql: "SELECT value FROM meta WHERE key = 'secret'"))
        }
        #expect(recorded.0 == StoreMigrations.migrations.map(\.id))
        #expect(recorded.1 == secret)
    }

    @Test("a new store records each migration once, and opening it again applies none")
    func reopeningAppliesNothing() throws {
        let fixture = try StoreFixture()
        _ = try KeepsakeStore(path: fixture.path)
        let store = try KeepsakeStore(path: fixture.path)
        let ids = try store.database.read { db in try db.values(String.self, sql: "SELECT id FROM store_migrations ORDER BY rowid") }
        #expect(ids == StoreMigrations.migrations.map(\.id))
    }

    @Test("a store recording a migration this Keepsake does not know is refused, naming the migration")
    func unknownMigrationIsRefused() throws {
        let fixture = try StoreFixture()
        try fixture.store.database.write { db in
            try db.execute(sql: "INSERT INTO store_migrations (id, applied_at) VALUES ('12 from a newer Keepsake', 'now')")
        }
        let error = try #require(throws: StoreError.self) { try KeepsakeStore(path: fixture.path) }
        #expect(error.code == .cannotOpen)
        #expect(error.message.contains("\"12 from a newer Keepsake\""))
        #expect(error.message.contains("newer Keepsake"))
    }

    @Test("a column read as the wrong type is a corruptData error naming the column and its value, not a crash")
    func wrongTypeNamesTheColumn() throws {
        let fixture = try StoreFixture()
        let error = try #require(throws: StoreError.self) {
            try fixture.store.database.read { db -> Int in
                let row = try #require(try db.row(sql: "SELECT 'twelve' AS orders_count"))
                return try row["orders_count"] as Int
            }
        }
        #expect(error.code == .corruptData)
        #expect(error.message.contains("column orders_count"))
        #expect(error.message.contains("\"twelve\""))
        let missing = try fixture.store.database.read { db in
            try db.row(sql: "SELECT NULL AS first_name").map { row in try row["first_name"] as String? }
        }
        #expect(missing == .some(nil))
    }
}
