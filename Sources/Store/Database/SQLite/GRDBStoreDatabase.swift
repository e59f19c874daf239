import Foundation
import GRDB

/// The SQLite backend of ``StoreDatabase``: a GRDB `DatabasePool` over one file in WAL mode.
final class GRDBStoreDatabase: StoreDatabase {
    /// The GRDB pool, for the parts of the store not yet moved onto ``StoreConnection``
    /// (planning, reports and orders, until their rewrites are merged).
    let pool: DatabasePool

    /// Opens (creating when missing) the SQLite file at `path`, with a 10 s wait for a busy file
    /// and `synchronous = NORMAL`: with WAL, a committed transaction survives the process being
    /// killed (SIGKILL), which is the send ledger's promise; only power loss may undo the last ones.
    init(path: String) throws {
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        configuration.prepareDatabase { db in try db.execute(sql: "PRAGMA synchronous = NORMAL") }
        pool = try DatabasePool(path: path, configuration: configuration)
    }

    var engine: StoreEngine { .sqlite }

    func read<Result>(_ body: (any StoreConnection) throws -> Result) throws -> Result {
        try pool.read { db in try body(GRDBStoreConnection(db)) }
    }

    func reentrantRead<Result>(_ body: (any StoreConnection) throws -> Result) throws -> Result {
        try pool.unsafeReentrantRead { db in try body(GRDBStoreConnection(db)) }
    }

    func write<Result>(_ body: (any StoreConnection) throws -> Result) throws -> Result {
        try pool.write { db in try body(GRDBStoreConnection(db)) }
    }

    func writeWithoutTransaction<Result>(_ body: (any StoreConnection) throws -> Result) throws -> Result {
        try pool.writeWithoutTransaction { db in try body(GRDBStoreConnection(db)) }
    }

    func read<Result: Sendable>(_ body: @escaping @Sendable (any StoreConnection) throws -> Result) async throws -> Result {
        try await pool.read { db in try body(GRDBStoreConnection(db)) }
    }

    func write<Result: Sendable>(_ body: @escaping @Sendable (any StoreConnection) throws -> Result) async throws -> Result {
        try await pool.write { db in try body(GRDBStoreConnection(db)) }
    }

    func backup(toPath path: String) throws {
        let destination = try DatabaseQueue(path: path)
        try pool.backup(to: destination)
        try destination.close()
    }
}
