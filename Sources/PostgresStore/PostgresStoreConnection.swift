import Foundation
import Logging
import NIOConcurrencyHelpers
import PostgresNIO
import Store

/// A ``StoreConnection`` over one postgres-nio connection. Its methods block the calling thread
/// (the store's own thread, or a read's) on postgres-nio's futures, which are completed on an
/// event loop that is never blocked. `?` and `?N` are rewritten to `$n` (``PlaceholderRewriting``);
/// text without arguments may hold several statements, run one after the other.
///
/// ``forEachRow(sql:arguments:_:)`` streams through a server-side cursor (`DECLARE … CURSOR`,
/// `FETCH` ``fetchSize`` rows at a time), so a query over a million customers never holds them all.
final class PostgresStoreConnection: StoreConnection {
    /// The rows one `FETCH` of a cursor brings.
    static let fetchSize = 500

    let connection: PostgresConnection
    private let logger: Logger
    /// Set when a statement went unanswered past ``answerTimeLimit``: the connection is closed and
    /// never used again.
    private(set) var abandoned = false

    /// How long a statement may go unanswered: far longer than any statement of Keepsake's takes
    /// (a report's aggregate over millions of orders), short enough that a connection lost without
    /// the client noticing does not hold a daemon for good.
    static let answerTimeLimit: TimeInterval = 120

    /// Whether the connection may take another statement: open, and not given up.
    var isUsable: Bool { !abandoned && !connection.isClosed }
    /// Open transactions and savepoints: 0 outside a transaction.
    private(set) var depth = 0
    private var cursorCount = 0
    private(set) var changesCount = 0

    init(_ connection: PostgresConnection, logger: Logger) {
        self.connection = connection
        self.logger = logger
    }

    var engine: StoreEngine { .postgresql }

    func execute(sql: String, arguments: StoreArguments) throws {
        let rewritten = try rewrite(sql, arguments)
        for statement in rewritten.statements {
            _ = try run(statement, bound(arguments, rewritten))
        }
    }

    func rows(sql: String, arguments: StoreArguments) throws -> [StoreRow] {
        let rewritten = try rewrite(sql, arguments, oneStatement: true)
        let result = try run(rewritten.sql, bound(arguments, rewritten))
        guard let first = result.rows.first else { return [] }
        let columns = PostgresValues.columnNames(first)
        return try result.rows.map { StoreRow(columns: columns, values: try PostgresValues.values($0)) }
    }

    func row(sql: String, arguments: StoreArguments) throws -> StoreRow? {
        try rows(sql: sql, arguments: arguments).first
    }

    func forEachRow(sql: String, arguments: StoreArguments, _ body: (StoreRow) throws -> Void) throws {
        let rewritten = try rewrite(sql, arguments, oneStatement: true)
        guard Self.isQuery(rewritten.sql) else {
            // INSERT … RETURNING and the like cannot be a cursor's query; their results are small.
            for row in try rows(sql: sql, arguments: arguments) { try body(row) }
            return
        }
        guard depth > 0 else {
            // A cursor lives in a transaction.
            try transaction(.deferred) {
                try forEachRow(sql: sql, arguments: arguments, body)
                return .commit
            }
            return
        }
        cursorCount += 1
        let cursor = "keepsake_cursor_\(cursorCount)"
        _ = try run("DECLARE \(cursor) NO SCROLL CURSOR FOR \(rewritten.sql)", bound(arguments, rewritten))
        var columns: [String]?
        do {
            while true {
                let batch = try run("FETCH FORWARD \(Self.fetchSize) FROM \(cursor)", [])
                for row in batch.rows {
                    let names = columns ?? PostgresValues.columnNames(row)
                    columns = names
                    try body(StoreRow(columns: names, values: try PostgresValues.values(row)))
                }
                if batch.rows.count < Self.fetchSize { break }
            }
        } catch {
            _ = try? run("CLOSE \(cursor)", [])
            throw error
        }
        _ = try run("CLOSE \(cursor)", [])
    }

    func savepoint<Result>(_ body: () throws -> Result) throws -> Result {
        guard depth > 0 else {
            var result: Result?
            try transaction(.deferred) {
                result = try body()
                return .commit
            }
            return result!
        }
        let name = "keepsake_savepoint_\(depth)"
        _ = try run("SAVEPOINT \(name)", [])
        depth += 1
        defer { depth -= 1 }
        do {
            let result = try body()
            _ = try run("RELEASE SAVEPOINT \(name)", [])
            return result
        } catch {
            _ = try? run("ROLLBACK TO SAVEPOINT \(name)", [])
            _ = try? run("RELEASE SAVEPOINT \(name)", [])
            throw error
        }
    }

    func transaction(_ kind: StoreTransactionKind, _ body: () throws -> StoreTransactionCompletion) throws {
        try transaction(begin: "BEGIN ISOLATION LEVEL READ COMMITTED", body)
    }

    /// Runs `body` between `begin` and COMMIT (or ROLLBACK, when it says so or throws).
    func transaction(begin: String, _ body: () throws -> StoreTransactionCompletion) throws {
        guard depth == 0 else {
            throw PostgresStoreError(.statementFailed, "a transaction was begun inside another one on the same connection; this is a bug in Keepsake")
        }
        _ = try run(begin, [])
        depth = 1
        defer { depth = 0 }
        let completion: StoreTransactionCompletion
        do {
            completion = try body()
        } catch {
            _ = try? run("ROLLBACK", [])
            throw error
        }
        _ = try run(completion == .commit ? "COMMIT" : "ROLLBACK", [])
    }

    /// Runs one statement and waits for all its rows (a cursor's query never comes here whole).
    private func run(_ statement: String, _ arguments: StoreArguments) throws -> PostgresQueryResult {
        let query = PostgresQuery(unsafeSQL: statement, binds: PostgresValues.bindings(arguments))
        let answer = connection.query(query, logger: logger)
        let done = DispatchSemaphore(value: 0)
        let received = NIOLockedValueBox<Result<PostgresQueryResult, any Error>?>(nil)
        answer.whenComplete { outcome in
            received.withLockedValue { $0 = outcome }
            done.signal()
        }
        guard done.wait(timeout: .now() + Self.answerTimeLimit) == .success else {
            // A connection the server dropped without the client seeing it close leaves its query
            // unanswered for good: give it up (the database opens another) rather than wait forever.
            abandoned = true
            connection.close().whenComplete { _ in }
            throw PostgresStoreError(
                .cannotConnect,
                "PostgreSQL gave no answer within \(Int(Self.answerTimeLimit)) s to \(statement.prefix(60)); the connection was given up")
        }
        let result: PostgresQueryResult
        do {
            result = try received.withLockedValue { $0! }.get()
        } catch {
            throw PostgresStoreError.refused(statement, error)
        }
        switch result.metadata.command {
        case "INSERT", "UPDATE", "DELETE", "MERGE": changesCount = result.metadata.rows ?? 0
        default: break
        }
        return result
    }

    private func rewrite(_ sql: String, _ arguments: StoreArguments, oneStatement: Bool = false) throws -> PlaceholderRewriting.Rewritten {
        let rewritten = try PlaceholderRewriting.rewrite(sql)
        guard rewritten.argumentCount == arguments.values.count || (rewritten.numbered && rewritten.argumentCount < arguments.values.count) else {
            throw PostgresStoreError(
                .argumentCount,
                "the statement takes \(rewritten.argumentCount) argument(s) but was given \(arguments.values.count); this is a bug in Keepsake: \(sql.prefix(200))")
        }
        guard rewritten.statements.count == 1 || (!oneStatement && arguments.isEmpty) else {
            throw PostgresStoreError(
                .argumentCount,
                "\(rewritten.statements.count) statements were given where one is run\(arguments.isEmpty ? "" : " with arguments"); this is a bug in Keepsake: \(sql.prefix(200))")
        }
        return rewritten
    }

    /// The arguments the statement binds: all of them, or, for numbered placeholders, those up to
    /// the highest number it uses (``PlaceholderRewriting/Rewritten/numbered``).
    private func bound(_ arguments: StoreArguments, _ rewritten: PlaceholderRewriting.Rewritten) -> StoreArguments {
        arguments.values.count == rewritten.argumentCount ? arguments : StoreArguments(values: Array(arguments.values.prefix(rewritten.argumentCount)))
    }

    /// Whether a statement is a query a cursor can run: SELECT, VALUES, TABLE or WITH … SELECT.
    private static func isQuery(_ statement: String) -> Bool {
        let words = statement.split(whereSeparator: { $0.isWhitespace || $0 == "(" }).prefix(1)
        guard let first = words.first?.uppercased() else { return false }
        guard first == "WITH" else { return ["SELECT", "VALUES", "TABLE"].contains(first) }
        return !statement.uppercased().contains(" RETURNING ")
    }
}
