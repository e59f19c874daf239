/// How a transaction takes its locks.
public enum StoreTransactionKind: Sendable {
    /// Locks are taken when first needed.
    case deferred
    /// The write lock is taken at the start (SQLite's `BEGIN IMMEDIATE`), so a transaction that
    /// reads and then writes cannot fail half-way for another writer.
    case immediate
}

/// Whether an explicit transaction keeps what it wrote.
public enum StoreTransactionCompletion: Sendable {
    case commit
    case rollback
}

/// One connection, inside a read or a transaction of a ``StoreDatabase``: the only way the store's
/// code talks SQL. Valid only inside the closure it was handed to.
///
/// SQL uses `?` or `?N` placeholders (``StoreArguments``); text the engines disagree on is chosen
/// by ``engine``. Statements are prepared once per connection and kept (the GRDB backend caches
/// them by their text), so a statement run in a loop is not parsed again.
public protocol StoreConnection: AnyObject {
    /// The dialect of this connection.
    var engine: StoreEngine { get }

    /// Runs one statement (or, without arguments, several separated by `;`).
    func execute(sql: String, arguments: StoreArguments) throws

    /// How many rows the last INSERT, UPDATE or DELETE changed.
    var changesCount: Int { get }

    /// Every row of the query, kept by the caller.
    func rows(sql: String, arguments: StoreArguments) throws -> [StoreRow]

    /// The first row of the query, or nil when there is none.
    func row(sql: String, arguments: StoreArguments) throws -> StoreRow?

    /// Streams the rows of the query through `body`, one at a time, never holding them all: a row
    /// is valid only inside the call that receives it (copy it with ``StoreRow/copied()`` to keep it).
    func forEachRow(sql: String, arguments: StoreArguments, _ body: (StoreRow) throws -> Void) throws

    /// Runs `body` in a savepoint: what it wrote is undone when it throws (and the error rethrown),
    /// kept (until the enclosing transaction ends) otherwise.
    func savepoint<Result>(_ body: () throws -> Result) throws -> Result

    /// Runs `body` in an explicit transaction, for connections handed out by
    /// ``StoreDatabase/writeWithoutTransaction(_:)``; a thrown error rolls back.
    func transaction(_ kind: StoreTransactionKind, _ body: () throws -> StoreTransactionCompletion) throws
}

extension StoreConnection {
    /// Runs one statement without arguments (or several separated by `;`).
    public func execute(sql: String) throws {
        try execute(sql: sql, arguments: [])
    }

    public func rows(sql: String) throws -> [StoreRow] {
        try rows(sql: sql, arguments: [])
    }

    public func row(sql: String) throws -> StoreRow? {
        try row(sql: sql, arguments: [])
    }

    /// The first column of the first row, or nil when there is no row or it holds NULL; throws
    /// `corruptData` when it holds something that is not a `Value`.
    public func value<Value: StoreValueConvertible>(_ type: Value.Type, sql: String, arguments: StoreArguments = []) throws -> Value? {
        guard let row = try row(sql: sql, arguments: arguments) else { return nil }
        return try row[0] as Value?
    }

    /// The first column of every row, streamed; throws `corruptData` on NULL or a value of another type.
    public func values<Value: StoreValueConvertible>(_ type: Value.Type, sql: String, arguments: StoreArguments = []) throws -> [Value] {
        var values: [Value] = []
        try forEachRow(sql: sql, arguments: arguments) { row in values.append(try row[0] as Value) }
        return values
    }

    public func forEachRow(sql: String, _ body: (StoreRow) throws -> Void) throws {
        try forEachRow(sql: sql, arguments: [], body)
    }
}

/// The store's database: a pool of connections of one engine. Each `read` sees one consistent
/// snapshot; each `write` is ONE transaction, committed when its body returns and rolled back when
/// it throws. Writes are serialized.
public protocol StoreDatabase: Sendable {
    /// The dialect of the pool's connections.
    var engine: StoreEngine { get }

    /// Runs `body` in a read-only transaction.
    func read<Result>(_ body: (any StoreConnection) throws -> Result) throws -> Result

    /// Like ``read(_:)``, but inside a read (or write) already running on this thread it reuses
    /// that connection and its snapshot instead of waiting for another one.
    func reentrantRead<Result>(_ body: (any StoreConnection) throws -> Result) throws -> Result

    /// Runs `body` in ONE write transaction.
    func write<Result>(_ body: (any StoreConnection) throws -> Result) throws -> Result

    /// Runs `body` on the writing connection without a transaction; `body` opens its own with
    /// ``StoreConnection/transaction(_:_:)`` (and may first set per-connection options).
    func writeWithoutTransaction<Result>(_ body: (any StoreConnection) throws -> Result) throws -> Result

    /// ``read(_:)`` for async callers: a task waiting for the database is suspended, not blocking a thread.
    func read<Result: Sendable>(_ body: @escaping @Sendable (any StoreConnection) throws -> Result) async throws -> Result

    /// ``write(_:)`` for async callers.
    func write<Result: Sendable>(_ body: @escaping @Sendable (any StoreConnection) throws -> Result) async throws -> Result

    /// Copies the whole store, consistently, into a new database file at `path` (SQLite) or
    /// throws `invalidArgument` explaining the engine's own backup tool.
    func backup(toPath path: String) throws
}
