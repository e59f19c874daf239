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
