import GRDB

/// A ``StoreConnection`` over one GRDB `Database`, valid inside the GRDB closure that made it.
/// Statements with arguments go through GRDB's statement cache, so a statement run in a loop (an
/// import's upsert) is prepared once per connection.
final class GRDBStoreConnection: StoreConnection {
    /// The GRDB connection, for the parts of the store not yet moved onto ``StoreConnection``.
    let database: Database

    init(_ database: Database) {
        self.database = database
    }

    var engine: StoreEngine { .sqlite }

    var changesCount: Int { database.changesCount }

    func execute(sql: String, arguments: StoreArguments) throws {
        if arguments.isEmpty {
            try database.execute(sql: sql)
        } else {
            try prepared(sql, arguments).execute()
        }
    }

    func rows(sql: String, arguments: StoreArguments) throws -> [StoreRow] {
        let statement = try prepared(sql, arguments)
        let columns = GRDBColumnNames(statement.columnNames)
        return try Row.fetchAll(statement).map { StoreRow(GRDBRowStorage(row: $0, columns: columns)) }
    }

    func row(sql: String, arguments: StoreArguments) throws -> StoreRow? {
        let statement = try prepared(sql, arguments)
        guard let row = try Row.fetchOne(statement) else { return nil }
        return StoreRow(GRDBRowStorage(row: row, columns: GRDBColumnNames(statement.columnNames)))
    }

    func forEachRow(sql: String, arguments: StoreArguments, _ body: (StoreRow) throws -> Void) throws {
        let statement = try prepared(sql, arguments)
        let columns = GRDBColumnNames(statement.columnNames)
        let cursor = try Row.fetchCursor(statement)
        while let row = try cursor.next() {
            try body(StoreRow(GRDBRowStorage(row: row, columns: columns, statement: statement.sqliteStatement)))
        }
    }

    func savepoint<Result>(_ body: () throws -> Result) throws -> Result {
        var result: Result?
        try database.inSavepoint {
            result = try body()
            return .commit
        }
        return result!
    }

    func transaction(_ kind: StoreTransactionKind, _ body: () throws -> StoreTransactionCompletion) throws {
        let grdbKind: Database.TransactionKind = kind == .immediate ? .immediate : .deferred
        try database.inTransaction(grdbKind) {
            switch try body() {
            case .commit: .commit
            case .rollback: .rollback
            }
        }
    }

    /// The cached statement for `sql`, with `arguments` bound.
    private func prepared(_ sql: String, _ arguments: StoreArguments) throws -> Statement {
        let statement = try database.cachedStatement(sql: sql)
        statement.setUncheckedArguments(arguments.statementArguments)
        return statement
    }
}
