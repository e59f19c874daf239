import Dispatch
import Foundation
import GRDB
import PostgresStore
import Synchronization
@testable import Store
import Testing

@Suite("The store's schema in PostgreSQL")
struct PostgresSchemaTests {
    static let migrator = StoreMigrator(migrations: StoreMigrations.migrations)

    @Test func everyMigrationAppliesToTheRealServerOnce() throws {
        let fixture = try PostgresFixture()
        try Self.migrator.migrate(fixture.database)
        let secret = try fixture.database.read { db in try db.value(Data.self, sql: "SELECT value FROM meta WHERE key = 'secret'") }
        #expect(secret?.count == 32)
        // Again: nothing is applied twice, the secret stays.
        try Self.migrator.migrate(fixture.database)
        let applied = try fixture.database.read { db in try db.values(String.self, sql: "SELECT id FROM store_migrations ORDER BY id") }
        #expect(applied.sorted() == StoreMigrations.migrations.map(\.id).sorted())
        #expect(try fixture.database.read { db in try db.value(Data.self, sql: "SELECT value FROM meta WHERE key = 'secret'") } == secret)
    }

    @Test func everyMigrationHasItsPostgreSQLText() {
        #expect(StoreMigrations.migrations.filter { $0.sql[.postgresql] == nil }.map(\.id) == [])
    }

    /// Daemons starting together on one new database: the advisory lock makes them take turns, so
    /// each migration runs once and every one of them opens the store. To make them start at the
    /// same moment, another session creates `store_migrations` in a transaction it holds open: each
    /// store blocks (on the lock, or the first on that table) until the session rolls back, and
    /// only then do they go on, all at once. Without the lock they would all create the same
    /// tables together and all but one fail.
    @Test(.timeLimit(.minutes(2))) func storesOpeningTogetherMigrateOnce() throws {
        let fixture = try PostgresFixture()
        let count = 4
        let databases = try (0..<count).map { _ in try PostgresStoreDatabase(settings: fixture.settings) }
        let holding = DispatchSemaphore(value: 0)
        let release = DispatchSemaphore(value: 0)
        struct RolledBack: Error {}
        Thread.detachNewThread {
            try? fixture.database.write { db in
                try db.execute(sql: "CREATE TABLE store_migrations (id TEXT PRIMARY KEY NOT NULL, applied_at TEXT NOT NULL)")
                holding.signal()
                release.wait()
                throw RolledBack()
            }
        }
        holding.wait()
        let failures = Mutex<[String]>([])
        let finished = Mutex(0)
        let opened = DispatchGroup()
        for database in databases {
            opened.enter()
            Thread.detachNewThread {
                do {
                    _ = try KeepsakeStore(database: database, location: fixture.settings.url)
                } catch {
                    failures.withLock { $0.append("\(error)") }
                }
                finished.withLock { $0 += 1 }
                opened.leave()
            }
        }
        // Every store is waiting on a lock (or has already failed) before the table is let go.
        func waitingOnALock() throws -> Int {
            try fixture.database.read { db in
                try db.value(
                    Int.self,
                    sql: "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'") ?? 0
            }
        }
        while try waitingOnALock() + finished.withLock({ $0 }) < count {
            Thread.sleep(forTimeInterval: 0.01)
        }
        release.signal()
        opened.wait()
        #expect(failures.withLock { $0 } == [])
        let applied = try fixture.database.read { db in try db.value(Int.self, sql: "SELECT COUNT(*) FROM store_migrations") }
        #expect(applied == StoreMigrations.migrations.count)
    }

    /// Text compares byte by byte, as in SQLite, whatever the database's locale.
    @Test func textColumnsCompareBytes() throws {
        let fixture = try PostgresFixture()
        try Self.migrator.migrate(fixture.database)
        let collations = try fixture.database.read { db in
            try db.values(String.self, sql: """
                SELECT DISTINCT coalesce(collation_name, 'default') FROM information_schema.columns
                WHERE table_schema = 'public' AND data_type = 'text' AND table_name != 'store_migrations'
                """)
        }
        #expect(collations == ["C"])
    }

    /// The same tables with the same columns in the same order, the same indexes and triggers, as SQLite's.
    @Test func theSchemaMatchesSQLites() throws {
        let fixture = try PostgresFixture()
        try Self.migrator.migrate(fixture.database)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("keepsake-schema-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try KeepsakeStore(path: directory.appendingPathComponent("store.sqlite").path)
        let sqlite = try store.pool.read { db -> (columns: [String: [String]], indexes: Set<String>, triggers: Set<String>) in
            let tables = try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT IN ('grdb_migrations', 'store_migrations')")
            var columns: [String: [String]] = [:]
            for table in tables { columns[table] = try Row.fetchAll(db, sql: "PRAGMA table_info(\(table))").map { $0["name"] } }
            let indexes = try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'index' AND name NOT LIKE 'sqlite_autoindex_%'")
            let triggers = try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'trigger'")
            return (columns, Set(indexes), Set(triggers))
        }
        let postgres = try fixture.database.read { db -> (columns: [String: [String]], indexes: Set<String>, triggers: Set<String>) in
            var columns: [String: [String]] = [:]
            try db.forEachRow(sql: """
                SELECT table_name, column_name FROM information_schema.columns
                WHERE table_schema = 'public' AND table_name != 'store_migrations' ORDER BY table_name, ordinal_position
                """) { row in columns[try row["table_name"] as String, default: []].append(try row["column_name"]) }
            let indexes = try db.values(String.self, sql: "SELECT indexname FROM pg_indexes WHERE schemaname = 'public' AND indexname NOT LIKE '%_pkey'")
            let triggers = try db.values(String.self, sql: "SELECT DISTINCT trigger_name FROM information_schema.triggers WHERE trigger_schema = 'public'")
            return (columns, Set(indexes), Set(triggers))
        }
        #expect(postgres.columns == sqlite.columns)
        #expect(postgres.indexes == sqlite.indexes)
        #expect(postgres.triggers == sqlite.triggers)
    }

    @Test func theConsentLedgerIsAppendOnlyAndThePlanJournalIsWritten() throws {
        let fixture = try PostgresFixture()
        try Self.migrator.migrate(fixture.database)
        try fixture.database.write { db in
            try db.execute(sql: """
                INSERT INTO customers (id, email_normalized, email, calendar, orders_count, total_spent, attributes, created_at, updated_at)
                VALUES ('c1', 'sara@shop.example', 'sara@shop.example', 'persian', 0, '0', '{}', 'now', 'now')
                """)
            try db.execute(sql: """
                INSERT INTO consent_events (sequence, email, email_digest, status, occurred_at, source, recorded_at, recorded_by, previous_hash, hash)
                VALUES (1, 'sara@shop.example', 'd', 'subscribed', 'now', 'test', 'now', 'test', '', 'h')
                """)
        }
        let reasons = try fixture.database.read { db in try db.values(String.self, sql: "SELECT reason FROM plan_changes ORDER BY position") }
        #expect(reasons == ["customer", "consent"])
        #expect(throws: PostgresStoreError.self) {
            try fixture.database.write { db in try db.execute(sql: "UPDATE consent_events SET status = 'unsubscribed'") }
        }
        #expect(throws: PostgresStoreError.self) {
            try fixture.database.write { db in try db.execute(sql: "DELETE FROM consent_events") }
        }
        // Erasure may clear the plain personal fields.
        try fixture.database.write { db in try db.execute(sql: "UPDATE consent_events SET email = NULL, ip = NULL, customer_id = NULL") }
        #expect(try fixture.database.read { db in try db.value(String.self, sql: "SELECT status FROM consent_events") } == "subscribed")
    }
}
