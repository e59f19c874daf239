import GRDB
import GRDBSQLite

/// The names of a statement's columns, read once per statement: rows look their columns up here
/// instead of asking SQLite for every name at every read.
final class GRDBColumnNames {
    let names: [String]
    private let indexes: [String: Int]

    init(_ names: [String]) {
        self.names = names
        var indexes: [String: Int] = [:]
        for (index, name) in names.enumerated().reversed() {
            indexes[name] = index
            indexes[name.lowercased()] = index
        }
        // The first column of a name wins, as in SQL; reversed so that it is written last.
        self.indexes = indexes
    }

    func index(of name: String) -> Int? {
        indexes[name] ?? indexes[name.lowercased()]
    }
}

/// A GRDB row seen through ``StoreRowStorage``, without copying its values: each is read from the
/// row when asked for. A cursor's row is reused by GRDB for the next one, so a ``StoreRow`` around
/// it is valid only inside the ``StoreConnection/forEachRow(sql:arguments:_:)`` body it was given to.
struct GRDBRowStorage: StoreRowStorage {
    let row: Row
    let columns: GRDBColumnNames
    /// The statement a cursor's row is the current row of (nil for a row GRDB copied out): text is
    /// then read from SQLite's own buffer (`sqlite3_column_text`), without a `String` or `Data`.
    var statement: SQLiteStatement? = nil

    var columnCount: Int { row.count }

    func columnName(at index: Int) -> String { columns.names[index] }

    func columnIndex(named name: String) -> Int? { columns.index(of: name) }

    func value(at index: Int) -> StoreValue {
        (row[index] as DatabaseValue).storeValue
    }

    func withUTF8<Result>(at index: Int, _ body: (UnsafeBufferPointer<UInt8>) throws -> Result) throws -> Result? {
        let column = CInt(index)
        guard let statement, sqlite3_column_type(statement, column) != SQLITE_BLOB else {
            return try value(at: index).withUTF8(body)
        }
        // The text first, then its length in bytes (SQLite's documented order); NULL gives no text.
        guard let text = sqlite3_column_text(statement, column) else { return nil }
        return try body(UnsafeBufferPointer(start: text, count: Int(sqlite3_column_bytes(statement, column))))
    }

    func integer(at index: Int) -> Int64? {
        guard let statement else {
            if case .int64(let number) = (row[index] as DatabaseValue).storage { return number }
            return nil
        }
        let column = CInt(index)
        return sqlite3_column_type(statement, column) == SQLITE_INTEGER ? sqlite3_column_int64(statement, column) : nil
    }
}

extension DatabaseValue {
    /// The value in the store's own terms.
    var storeValue: StoreValue {
        switch storage {
        case .null: .null
        case .int64(let number): .integer(number)
        case .double(let number): .real(number)
        case .string(let string): .text(string)
        case .blob(let data): .blob(data)
        }
    }
}

extension StoreValue {
    /// The value as GRDB binds it.
    var databaseValue: DatabaseValue {
        switch self {
        case .null: .null
        case .integer(let number): number.databaseValue
        case .real(let number): number.databaseValue
        case .text(let string): string.databaseValue
        case .blob(let data): data.databaseValue
        }
    }
}

extension StoreArguments {
    /// The arguments as GRDB binds them.
    var statementArguments: StatementArguments {
        // A closure, not a key path: a key path per value cost as much as the rest of an import's insert.
        StatementArguments(values.map { value -> (any DatabaseValueConvertible)? in value.databaseValue })
    }
}
