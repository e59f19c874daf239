import Crypto
import Foundation
import Mail

/// The customer store: one SQLite file (WAL mode), or one PostgreSQL database, holding customers,
/// their orders, the consent ledger and the addresses erased on request, opened by the daemon and
/// by every command.
public final class KeepsakeStore: Sendable {
    /// The database behind the store, reached only through ``StoreConnection``.
    let database: any StoreDatabase
    let digests: PersonalDigest
    /// Where the store is: the SQLite file's path, or the PostgreSQL server's URL without the password.
    public let path: String

    /// Whether opening a store may create its file.
    public enum OpenMode: Sendable {
        /// Create the file and its directory when they are missing (imports, the daemon, commands that record).
        case createWhenMissing
        /// Refuse a missing file with ``StoreError/Code/missingStore`` (commands that only read,
        /// so that a mistyped path is reported instead of becoming an empty store).
        case mustExist
    }

    /// Opens the SQLite store at `path`, bringing its schema up to date; with `.createWhenMissing`,
    /// the file and its directory are created when needed.
    ///
    /// - Throws: `StoreError` with code `missingStore` (`.mustExist` and no file at `path`) or
    ///   `cannotOpen`, naming the path and what went wrong.
    public convenience init(path: String, mode: OpenMode = .createWhenMissing) throws {
        if mode == .mustExist, !FileManager.default.fileExists(atPath: path) {
            throw StoreError(
                .missingStore,
                "the customer store \(path) does not exist; check --database or database.path "
                    + "(`keepsake import customers FILE` creates the store)")
        }
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw StoreError(
                .cannotOpen,
                "cannot create the directory \(directory.path) for the customer store: \(error.localizedDescription); "
                    + "create it, or set the store path to a writable place")
        }
        let database: GRDBStoreDatabase
        do {
            database = try GRDBStoreDatabase(path: path)
        } catch {
            throw Self.cannotOpen(path, error)
        }
        try self.init(database: database, location: path)
    }

    /// Opens the store in `database` (the SQLite file of ``init(path:mode:)``, or a PostgreSQL
    /// database), bringing its schema up to date.
    ///
    /// - Parameter location: Where the store is, for errors and `status`: the file's path, or the
    ///   server's URL without the password.
    /// - Throws: `StoreError` `cannotOpen` or `corruptData`, naming `location` and what went wrong;
    ///   the database's own error for a statement its server refused.
    public init(database: any StoreDatabase, location: String) throws {
        self.path = location
        self.database = database
        do {
            try StoreMigrator(migrations: StoreMigrations.migrations).migrate(database)
            let secret = try database.read { db in
                try db.value(Data.self, sql: "SELECT value FROM meta WHERE key = 'secret'")
            }
            guard let secret, secret.count == 32 else {
                throw StoreError(
                    .corruptData,
                    "the customer store at \(location) has lost its secret (meta.secret); restore it from a backup")
            }
            digests = PersonalDigest(key: SymmetricKey(data: secret))
        } catch let error as StoreError {
            throw error
        } catch {
            throw Self.cannotOpen(location, error)
        }
    }

    private static func cannotOpen(_ location: String, _ error: any Error) -> StoreError {
        StoreError(
            .cannotOpen,
            "cannot open the customer store at \(location): \(error); check that it is a Keepsake store, "
                + "that this user may read and write it (and its directory), and that no other program locks it")
    }

    /// Runs `body` in ONE write transaction. `commit == false` (a dry run) or a thrown error
    /// rolls everything back, so the store is exactly as before.
    ///
    /// - Parameters:
    ///   - commit: Whether to keep what `body` wrote.
    ///   - recordedBy: Who is writing, stored on every consent event: `import customers.csv`, …
    public func importSession<Result>(
        commit: Bool, recordedBy: String, _ body: (ImportSession) throws -> Result
    ) throws -> Result {
        try database.writeWithoutTransaction { db in
            if db.engine == .sqlite {
                // A million-row import touches index pages all over the file; with SQLite's default
                // 2 MiB cache it spends most of its time spilling and re-reading them.
                try db.execute(sql: "PRAGMA cache_size = -\(Self.importCacheKibibytes)")
            }
            var result: Result?
            try db.transaction(.immediate) {
                let context = try SessionContext(db: db, digests: digests, recordedBy: recordedBy, now: Date())
                result = try body(ImportSession(connection: db, context: context))
                return commit ? .commit : .rollback
            }
            return result!
        }
    }

    /// The page cache of the writing connection, in KiB: large enough for the indexes of a
    /// million customers, small enough to stay within an import's memory budget.
    static let importCacheKibibytes = 128 * 1024

    /// The customer with this shop id or, failing that, the first (by id) with this email address.
    public func customer(idOrEmail: String) throws -> CustomerRecord? {
        try readForPlanning { reader in try reader.customer(idOrEmail: idOrEmail) }
    }

    /// How many customers the store holds.
    public func customerCount() throws -> Int {
        try database.read { db in try db.value(Int.self, sql: "SELECT COUNT(*) FROM customers") ?? 0 }
    }
}
