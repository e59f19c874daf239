import GRDB

// The parts of the store still on GRDB (issue 20, step 1): Sources/Store/Planning/, Sources/Store/Reports/,
// Sources/Store/Orders/ and Ledger/KeepsakeStore+PlannedDays.swift until their rewrites for speed are
// merged, and Customers/CustomerDecoding.swift (the planner's decoder).
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

extension KeepsakeStore {
    /// ``readState(_:key:db:)`` for a GRDB connection (the planned days).
    static func readState<Value: Decodable>(_ type: Value.Type, key: String, db: Database) throws -> Value? {
        try readState(type, key: key, db: GRDBStoreConnection(db))
    }

    /// ``writeState(_:key:db:)`` for a GRDB connection (the planned days).
    static func writeState(_ value: some Encodable, key: String, db: Database) throws {
        try writeState(value, key: key, db: GRDBStoreConnection(db))
    }

    /// ``insert(_:due:in:)`` for a GRDB connection (the planned days).
    func insert(_ deliveries: [LedgerDelivery], due: Bool, in db: Database) throws -> [LedgerDelivery] {
        try insert(deliveries, due: due, in: GRDBStoreConnection(db))
    }

    /// ``suppression(row:)`` for a GRDB row (the planning reader).
    static func suppression(row: Row) throws -> Suppression {
        try suppression(row: StoreRow(GRDBRowStorage(row: row, columns: GRDBColumnNames(Array(row.columnNames)))))
    }
}

extension LedgerDelivery {
    /// ``fetchAll(_:sql:arguments:)`` for a GRDB connection (the planned days).
    static func fetchAll(_ db: Database, sql: String, arguments: StoreArguments = []) throws -> [LedgerDelivery] {
        try fetchAll(GRDBStoreConnection(db), sql: sql, arguments: arguments)
    }
}
