import Foundation
import Store

extension PostgresSchema {
    /// Brings a PostgreSQL store up to the last migration, in ONE transaction (PostgreSQL's DDL is
    /// transactional: a failure leaves the store as it was). The migrations applied are recorded in
    /// `store_migrations` as the SQLite store records them; an advisory lock makes daemons starting
    /// together take turns, so each migration runs once.
    ///
    /// - Throws: `StoreError` `cannotOpen` for a store recording a migration this Keepsake does not
    ///   know (made by a newer one); ``PostgresStoreError`` for a statement the server refused.
    public static func migrate(_ database: PostgresStoreDatabase) throws {
        try database.write { db in
            try db.execute(sql: "SELECT pg_advisory_xact_lock(\(migrationLock))")
            try db.execute(sql: "CREATE TABLE IF NOT EXISTS store_migrations (id TEXT PRIMARY KEY NOT NULL, applied_at TEXT NOT NULL)")
            let applied = Set(try db.values(String.self, sql: "SELECT id FROM store_migrations"))
            if let unknown = applied.subtracting(migrations.map(\.name)).sorted().first {
                throw StoreError(
                    .cannotOpen,
                    "the store at \(database.settings.displayName) records the migration \"\(unknown)\", which this Keepsake does not know: "
                        + "it was made by a newer Keepsake; upgrade Keepsake, or restore a backup made by this version")
            }
            for migration in migrations where !applied.contains(migration.name) {
                for statement in migration.statements {
                    try db.execute(sql: statement)
                }
                if migration.name == migrations[0].name {
                    var generator = SystemRandomNumberGenerator()
                    let secret = Data((0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) })
                    try db.execute(sql: "INSERT INTO meta (key, value) VALUES ('secret', ?)", arguments: [secret])
                }
                try db.execute(
                    sql: "INSERT INTO store_migrations (id, applied_at) VALUES (?, ?)",
                    arguments: [migration.name, ISO8601DateFormatter().string(from: Date())])
            }
        }
    }

    /// The advisory lock key migrations hold (`pg_advisory_xact_lock`): "keepsake" in ASCII.
    static let migrationLock: Int64 = 0x6B65_6570_7361_6B65
}
