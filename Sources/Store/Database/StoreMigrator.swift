import Foundation

/// Applies the ``StoreMigration`` list to a ``StoreDatabase``: each migration not yet recorded in
/// `store_migrations` runs in its own write transaction together with its record, so a store is
/// never left with a migration half-applied.
///
/// On PostgreSQL each of those transactions first takes a transaction-scoped advisory lock
/// (``migrationLock``) and reads the applied migrations again, so daemons starting together take
/// turns and each migration runs once.
///
/// Stores made before the seam recorded their migrations in GRDB's `grdb_migrations` table (same
/// identifiers): on the first open those records are copied into `store_migrations`, so such a store
/// is not migrated again.
struct StoreMigrator {
    let migrations: [StoreMigration]

    /// Brings `database` up to the last migration; throws `cannotOpen` for a store recording a
    /// migration this Keepsake does not know (made by a newer one).
    func migrate(_ database: any StoreDatabase) throws {
        let applied = try database.write { db in
            try Self.takeMigrationLock(db)
            try db.execute(sql: """
                CREATE TABLE IF NOT EXISTS store_migrations (
                    id TEXT PRIMARY KEY NOT NULL,
                    applied_at TEXT NOT NULL
                )
                """)
            var applied = Set(try db.values(String.self, sql: "SELECT id FROM store_migrations"))
            if applied.isEmpty, db.engine == .sqlite,
               try db.value(Bool.self, sql: "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'grdb_migrations')") == true {
                let now = StoredText.instant(Date())
                for id in try db.values(String.self, sql: "SELECT identifier FROM grdb_migrations") {
                    try db.execute(sql: "INSERT INTO store_migrations (id, applied_at) VALUES (?, ?)", arguments: [id, now])
                    applied.insert(id)
                }
            }
            return applied
        }
        let known = Set(migrations.map(\.id))
        if let unknown = applied.subtracting(known).sorted().first {
            throw StoreError(
                .cannotOpen,
                "the store records the migration \"\(unknown)\", which this Keepsake does not know: it was made by a "
                    + "newer Keepsake; upgrade Keepsake, or restore a backup made by this version")
        }
        for migration in migrations where !applied.contains(migration.id) {
            try database.write { db in
                try Self.takeMigrationLock(db)
                // Another daemon may have applied it while this one waited for the lock.
                guard try db.value(Bool.self, sql: "SELECT EXISTS (SELECT 1 FROM store_migrations WHERE id = ?)", arguments: [migration.id]) != true else {
                    return
                }
                guard let sql = migration.sql[db.engine] else {
                    throw StoreError(
                        .cannotOpen, "the migration \"\(migration.id)\" has no \(db.engine.rawValue) version; this is a bug in Keepsake")
                }
                try db.execute(sql: sql)
                try migration.body?(db)
                try db.execute(
                    sql: "INSERT INTO store_migrations (id, applied_at) VALUES (?, ?)",
                    arguments: [migration.id, StoredText.instant(Date())])
            }
        }
    }

    /// The advisory lock key migrations hold on PostgreSQL: "keepsake" in ASCII.
    static let migrationLock: Int64 = 0x6B65_6570_7361_6B65

    /// Waits for the migration lock until the transaction ends (PostgreSQL); nothing on SQLite,
    /// whose write lock already serializes the migrating transactions.
    private static func takeMigrationLock(_ db: any StoreConnection) throws {
        guard db.engine == .postgresql else { return }
        try db.execute(sql: "SELECT pg_advisory_xact_lock(\(migrationLock))")
    }
}
