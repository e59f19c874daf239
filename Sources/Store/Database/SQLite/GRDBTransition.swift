import GRDB

// The parts of the store still on GRDB (issue 20, step 1): Sources/Store/Planning/, Sources/Store/Reports/,
// Sources/Store/Orders/ and Ledger/KeepsakeStore+PlannedDays.swift until their rewrites for speed are
// merged; Customers/CustomerDecoding.swift (the planner's decoder); Sources/Store/Ledger/ and
// Sources/Store/Inbound/ (next).
// They reach GRDB through these accessors, which hold only on SQLite; move them onto
// StoreConnection, then delete this file.

extension KeepsakeStore {
    /// The GRDB pool behind a SQLite store.
    var pool: DatabasePool {
        guard let sqlite = database as? GRDBStoreDatabase else {
            preconditionFailure("this part of the store still runs on GRDB and needs a SQLite store, not \(database.engine.rawValue)")
        }
        return sqlite.pool
    }
}

extension ImportSession {
    /// The GRDB connection of the session's transaction, on SQLite.
    var db: Database { grdbDatabase(connection) }
}

/// The GRDB connection behind `connection`, on SQLite.
func grdbDatabase(_ connection: any StoreConnection) -> Database {
    guard let sqlite = connection as? GRDBStoreConnection else {
        preconditionFailure("this part of the store still runs on GRDB and needs a SQLite store, not \(connection.engine.rawValue)")
    }
    return sqlite.database
}

extension StoreMigrations {
    /// The migrations as a GRDB migrator, for tests that build a store as an older Keepsake did
    /// (recording in `grdb_migrations`, up to a given migration).
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        for migration in migrations {
            migrator.registerMigration(migration.id) { db in
                try db.execute(sql: migration.sql[.sqlite]!)
                try migration.body?(GRDBStoreConnection(db))
            }
        }
        return migrator
    }
}
