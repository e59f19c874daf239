import Foundation
import GRDB
import Testing
@testable import Store

@Suite("Store migrations through the SQL seam")
struct StoreMigrationTests {
    /// SQLite only: stores made before the seam are SQLite files migrated by GRDB.
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

    /// An empty database (a new SQLite file, a new PostgreSQL database) migrated to the latest
    /// schema, then opened again: each migration recorded once, and none applied again.
    @Test("a new store records each migration once, and opening it again applies none", arguments: StoreFixture.engines)
    func reopeningAppliesNothing(engine: StoreEngine) throws {
        let fixture = try StoreFixture(engine)
        let recorded = { (store: KeepsakeStore) in
            try store.database.read { db in
                try db.rows(sql: "SELECT id, applied_at FROM store_migrations ORDER BY id").map { row in
                    "\(try row["id"] as String) at \(try row["applied_at"] as String)"
                }
            }
        }
        let first = try recorded(fixture.store)
        #expect(first.map { String($0.split(separator: " at ")[0]) } == StoreMigrations.migrations.map(\.id).sorted())
        _ = try fixture.reopened()
        #expect(try recorded(fixture.reopened()) == first)
    }

    @Test("a store recording a migration this Keepsake does not know is refused, naming the migration", arguments: StoreFixture.engines)
    func unknownMigrationIsRefused(engine: StoreEngine) throws {
        let fixture = try StoreFixture(engine)
        try fixture.store.database.write { db in
            try db.execute(sql: "INSERT INTO store_migrations (id, applied_at) VALUES ('12 from a newer Keepsake', 'now')")
        }
        let error = try #require(throws: StoreError.self) { try fixture.reopened() }
        #expect(error.code == .cannotOpen)
        #expect(error.message.contains("\"12 from a newer Keepsake\""))
        #expect(error.message.contains("newer Keepsake"))
    }

    @Test("a column read as the wrong type is a corruptData error naming the column and its value, not a crash", arguments: StoreFixture.engines)
    func wrongTypeNamesTheColumn(engine: StoreEngine) throws {
        let fixture = try StoreFixture(engine)
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
