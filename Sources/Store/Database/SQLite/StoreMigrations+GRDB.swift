import GRDB

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

extension KeepsakeStore {
    /// The GRDB pool behind a SQLite store, for tests that inspect the SQLite file itself (its
    /// query plans, its schema); on another engine, an error saying so. The store's own code goes
    /// through ``StoreDatabase``.
    var pool: DatabasePool {
        get throws {
            guard let sqlite = database as? GRDBStoreDatabase else {
                throw StoreError(.invalidArgument, "the store is on \(database.engine.rawValue): it has no SQLite file to inspect")
            }
            return sqlite.pool
        }
    }
}
