import GRDB

// The parts of the store still on GRDB (issue 20): Sources/Store/Planning/ until its rewrite for
// speed is merged, and Customers/CustomerDecoding.swift (the planner's decoder).
// They reach GRDB through these accessors, which hold only on SQLite; move them onto
// StoreConnection, then delete this file.

extension KeepsakeStore {
    /// The GRDB pool behind a SQLite store; on PostgreSQL, an error saying this part does not run there yet.
    var pool: DatabasePool {
        get throws {
            guard let sqlite = database as? GRDBStoreDatabase else { throw notOnPostgreSQLYet(database.engine) }
            return sqlite.pool
        }
    }
}

/// The GRDB connection behind `connection`, on SQLite; on PostgreSQL, an error saying this part does not run there yet.
func grdbDatabase(_ connection: any StoreConnection) throws -> Database {
    guard let sqlite = connection as? GRDBStoreConnection else { throw notOnPostgreSQLYet(connection.engine) }
    return sqlite.database
}

/// The error of a part of the store still on GRDB, reached on another engine.
private func notOnPostgreSQLYet(_ engine: StoreEngine) -> StoreError {
    StoreError(
        .invalidArgument,
        "planning does not run on \(engine.rawValue) yet (issue 20); "
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

extension KeepsakeStore {
    /// ``suppression(row:)`` for a GRDB row (the planning reader).
    static func suppression(row: Row) throws -> Suppression {
        try suppression(row: StoreRow(GRDBRowStorage(row: row, columns: GRDBColumnNames(Array(row.columnNames)))))
    }
}
