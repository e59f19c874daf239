import Foundation

/// The table-by-table work of ``KeepsakeStore/copy(into:)``, on either engine.
enum StoreCopyTables {
    /// Tables the copy never touches: each store records its own migrations.
    static let bookkeeping: Set<String> = ["store_migrations", "grdb_migrations"]

    /// Tables copied after all others, each emptied first: `meta` holds the target's own secret
    /// (replaced by the source's), and `plan_changes` is filled by triggers while the other tables
    /// are copied (replaced by the source's queue).
    static let copiedLast = ["plan_changes", "meta"]

    /// At most this many values are bound in one INSERT (SQLite allows 32,766, PostgreSQL 65,535).
    static let valuesPerStatement = 30_000

    /// The store's tables, in the order they are copied.
    static func names(_ db: any StoreConnection) throws -> [String] {
        let all: [String] = switch db.engine {
        case .sqlite:
            try db.values(String.self, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
        case .postgresql:
            try db.values(String.self, sql: """
                SELECT table_name FROM information_schema.tables
                WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'
                """)
        }
        let copied = all.filter { !bookkeeping.contains($0) }
        let first = copied.filter { !copiedLast.contains($0) }.sorted()
        return first + copiedLast.filter(copied.contains)
    }

    /// Refuses a target whose tables differ from the source's (made by another Keepsake version).
    static func checkSame(_ tables: [String], in target: any StoreConnection, targetName: String) throws {
        let theirs = try names(target)
        guard Set(theirs) == Set(tables) else {
            let missing = Set(tables).subtracting(theirs).sorted()
            let extra = Set(theirs).subtracting(tables).sorted()
            throw StoreError(
                .invalidArgument,
                "the target \(targetName) does not have the same tables as the source (missing: "
                    + "\(missing.isEmpty ? "none" : missing.joined(separator: ", ")); extra: "
                    + "\(extra.isEmpty ? "none" : extra.joined(separator: ", "))); nothing was copied: "
                    + "open both with the same Keepsake version")
        }
    }

    /// Refuses a target holding anything but its own secret and trigger output.
    static func checkEmpty(_ tables: [String], in target: any StoreConnection, targetName: String) throws {
        for table in tables where !copiedLast.contains(table) {
            let rows = try target.value(Int.self, sql: "SELECT COUNT(*) FROM \(quoted(table))") ?? 0
            if rows > 0 {
                throw StoreError(
                    .invalidArgument,
                    "the target \(targetName) is not empty: its table \(table) holds \(rows) row\(rows == 1 ? "" : "s"); "
                        + "nothing was copied. A copy never overwrites a store: give an empty database")
            }
        }
    }

    /// Copies every row of `table` (the target's copy of it emptied first when it is one of
    /// ``copiedLast``); returns how many rows it copied.
    static func copy(_ table: String, from source: any StoreConnection, to target: any StoreConnection) throws -> Int {
        if copiedLast.contains(table) {
            try target.execute(sql: "DELETE FROM \(quoted(table))")
        }
        var batch = InsertBatch(table: table)
        var copied = 0
        try source.forEachRow(sql: "SELECT * FROM \(quoted(table))") { row in
            if batch.columns.isEmpty {
                batch.columns = row.columnNames
            }
            for index in 0..<row.count {
                batch.arguments.values.append(try row.value(at: index))
            }
            batch.rowCount += 1
            copied += 1
            if batch.arguments.values.count + batch.columns.count > valuesPerStatement {
                try batch.flush(into: target)
            }
        }
        try batch.flush(into: target)
        return copied
    }

    /// On PostgreSQL, moves each identity column's sequence past the copied keys, so the next row
    /// the target inserts does not reuse one (SQLite takes the next key from the rows themselves).
    static func advanceKeySequences(_ tables: [String], in target: any StoreConnection) throws {
        guard target.engine == .postgresql else { return }
        let identities = try target.rows(sql: """
            SELECT table_name, column_name FROM information_schema.columns
            WHERE table_schema = current_schema() AND is_identity = 'YES'
            """)
        for identity in identities {
            let table: String = try identity["table_name"]
            let column: String = try identity["column_name"]
            guard tables.contains(table) else { continue }
            try target.execute(sql: """
                SELECT setval(pg_get_serial_sequence('\(quoted(table))', '\(column)'),
                              COALESCE((SELECT MAX(\(quoted(column))) FROM \(quoted(table))), 0) + 1, false)
                """)
        }
    }

    /// `name` as a quoted SQL identifier.
    static func quoted(_ name: String) -> String {
        "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// Rows waiting to be inserted with one multi-row INSERT.
    private struct InsertBatch {
        let table: String
        var columns: [String] = []
        var arguments = StoreArguments(values: [])
        var rowCount = 0

        mutating func flush(into target: any StoreConnection) throws {
            guard rowCount > 0 else { return }
            let row = "(" + Array(repeating: "?", count: columns.count).joined(separator: ", ") + ")"
            let sql = "INSERT INTO \(StoreCopyTables.quoted(table)) ("
                + columns.map(StoreCopyTables.quoted).joined(separator: ", ") + ") VALUES "
                + Array(repeating: row, count: rowCount).joined(separator: ", ")
            try target.execute(sql: sql, arguments: arguments)
            arguments.values.removeAll(keepingCapacity: true)
            rowCount = 0
        }
    }
}
