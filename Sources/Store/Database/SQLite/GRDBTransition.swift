import GRDB

// The parts of the store still on GRDB (issue 20): Sources/Store/Reports/ until its rewrite is
// merged (planning moved onto StoreConnection). It reaches GRDB through `pool`, which holds only on
// SQLite; move it onto StoreConnection, then delete this file.

extension KeepsakeStore {
    /// The GRDB pool behind a SQLite store; on PostgreSQL, an error saying this part does not run there yet.
    var pool: DatabasePool {
        get throws {
            guard let sqlite = database as? GRDBStoreDatabase else { throw notOnPostgreSQLYet(database.engine) }
            return sqlite.pool
        }
    }
}

/// The error of a part of the store still on GRDB, reached on another engine.
private func notOnPostgreSQLYet(_ engine: StoreEngine) -> StoreError {
    StoreError(
        .invalidArgument,
        "the retention report does not run on \(engine.rawValue) yet (issue 20); "
            + "keep this shop's store on SQLite (database.path) until it does")
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
