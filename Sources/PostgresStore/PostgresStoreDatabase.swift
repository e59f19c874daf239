import Configuration
import Dispatch
import Foundation
import Logging
import NIOPosix
import PostgresNIO
import Store

/// The PostgreSQL backend of ``StoreDatabase`` (`database.url`): one writing connection, whose
/// writes are serialized in this process, and up to ``maximumReaders`` reading connections, each
/// read a `REPEATABLE READ READ ONLY` transaction (one consistent snapshot). Connections are
/// opened when first needed and kept, each with `synchronous_commit` on (a commit is durable when
/// it returns, as SQLite's in WAL mode with `synchronous = FULL`).
///
/// The store is synchronous: every call blocks its thread on postgres-nio's futures, completed on
/// NIO's shared event loops, which are never blocked. The async variants run the call on a
/// dispatch thread, so a task waiting for the database is suspended, not holding the cooperative pool.
public final class PostgresStoreDatabase: StoreDatabase, @unchecked Sendable {
    /// The most reading connections open at once; a read waits for one beyond that.
    public static let maximumReaders = 8

    /// Where the store is, for errors and logs.
    public let settings: PostgresSettings
    private let configuration: PostgresConnection.Configuration
    private let logger: Logger
    private let lock = NSLock()
    private let writeLock = NSLock()
    private let readers = DispatchSemaphore(value: maximumReaders)
    private var writer: PostgresStoreConnection?
    private var idleReaders: [PostgresStoreConnection] = []
    /// The connection each thread is inside a read or write of, for ``reentrantRead(_:)``.
    private var active: [pthread_t: (connection: PostgresStoreConnection, writes: Bool)] = [:]
    private var nextConnectionID = 0

    /// Connects to the server `settings` names (the writing connection, at once, so that a wrong
    /// URL, password or certificate is reported now).
    ///
    /// - Throws: ``PostgresStoreError`` `cannotConnect`, naming `database.url`'s server and the cause.
    public init(settings: PostgresSettings, logger: Logger = Logger(label: "keepsake.postgres", factory: { _ in SwiftLogNoOpLogHandler() })) throws {
        self.settings = settings
        self.logger = logger
        self.configuration = try Self.connectionConfiguration(settings)
        writer = try connect()
    }

    deinit {
        close()
    }

    public var engine: StoreEngine { .postgresql }

    /// Closes every connection; the database must not be used after.
    public func close() {
        let connections = lock.withLock { () -> [PostgresStoreConnection] in
            defer { writer = nil; idleReaders = [] }
            return (writer.map { [$0] } ?? []) + idleReaders
        }
        for connection in connections { try? connection.connection.close().wait() }
    }

    public func read<Result>(_ body: (any StoreConnection) throws -> Result) throws -> Result {
        readers.wait()
        defer { readers.signal() }
        // A connection the server closed while idle (a restart, an idle timeout) is dropped, not tried.
        let connection = try lock.withLock { () -> PostgresStoreConnection? in
            while let idle = idleReaders.popLast() {
                if idle.isUsable { return idle }
            }
            return nil
        } ?? connect()
        var result: Result?
        do {
            try inside(connection, writes: false) {
                try connection.transaction(begin: "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY") {
                    result = try body(connection)
                    return .commit
                }
            }
        } catch {
            // A connection whose transaction could not even be rolled back is not reused.
            if connection.depth == 0, connection.isUsable { lock.withLock { idleReaders.append(connection) } }
            throw error
        }
        lock.withLock { idleReaders.append(connection) }
        return result!
    }

    public func reentrantRead<Result>(_ body: (any StoreConnection) throws -> Result) throws -> Result {
        if let current = lock.withLock({ active[pthread_self()] }) {
            return try body(current.connection)
        }
        return try read(body)
    }

    public func write<Result>(_ body: (any StoreConnection) throws -> Result) throws -> Result {
        try writeWithoutTransaction { connection in
            var result: Result?
            try connection.transaction(.deferred) {
                result = try body(connection)
                return .commit
            }
            return result!
        }
    }

    public func writeWithoutTransaction<Result>(_ body: (any StoreConnection) throws -> Result) throws -> Result {
        // A write inside a read (the daemon records each batch the planner's read hands it) runs on
        // the writing connection, as on SQLite; inside a write it would wait for itself.
        if lock.withLock({ active[pthread_self()]?.writes }) == true {
            throw PostgresStoreError(.statementFailed, "a write was begun inside a write on the same thread; this is a bug in Keepsake")
        }
        writeLock.lock()
        defer { writeLock.unlock() }
        let connection = try lock.withLock { writer }.map { $0.isUsable ? $0 : try connect() } ?? connect()
        lock.withLock { writer = connection }
        return try inside(connection, writes: true) { try body(connection) }
    }

    public func read<Result: Sendable>(_ body: @escaping @Sendable (any StoreConnection) throws -> Result) async throws -> Result {
        try await onDispatchThread { try self.read(body) }
    }

    public func write<Result: Sendable>(_ body: @escaping @Sendable (any StoreConnection) throws -> Result) async throws -> Result {
        try await onDispatchThread { try self.write(body) }
    }

    /// PostgreSQL's stores are copied with its own tools, never into a file.
    public func backup(toPath path: String) throws {
        throw StoreError(
            .invalidArgument,
            "a store on PostgreSQL (\(settings.displayName)) is backed up with PostgreSQL's own tools: "
                + "pg_dump --format=custom --file=\(path) \(settings.database), or continuous archiving (see PostgreSQL's manual)")
    }

    private func onDispatchThread<Result: Sendable>(_ work: @escaping @Sendable () throws -> Result) async throws -> Result {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(with: Swift.Result { try work() }) }
        }
    }

    /// Runs `body` with `connection` recorded as this thread's, for ``reentrantRead(_:)``.
    private func inside<Result>(_ connection: PostgresStoreConnection, writes: Bool, _ body: () throws -> Result) throws -> Result {
        let thread = pthread_self()
        // A write inside a read gives the thread back to the read when it ends.
        let outer = lock.withLock { () -> (connection: PostgresStoreConnection, writes: Bool)? in
            defer { active[thread] = (connection, writes) }
            return active[thread]
        }
        defer { lock.withLock { active[thread] = outer } }
        return try body()
    }

    private func connect() throws -> PostgresStoreConnection {
        let id = lock.withLock { () -> Int in
            nextConnectionID += 1
            return nextConnectionID
        }
        do {
            let connection = try PostgresConnection.connect(
                on: MultiThreadedEventLoopGroup.singleton.next(), configuration: configuration, id: id, logger: logger
            ).wait()
            // The send ledger's promise: a delivery's claim is on disk before its message is sent,
            // whatever the server, the database or the login set as their default.
            _ = try connection.query("SET synchronous_commit TO on", logger: logger).wait()
            return PostgresStoreConnection(connection, logger: logger)
        } catch {
            throw PostgresStoreError(.cannotConnect, "cannot connect to PostgreSQL at \(settings.displayName) (database.url): \(Self.reason(error))")
        }
    }

    /// What went wrong while connecting, in words an operator can act on.
    private static func reason(_ error: any Error) -> String {
        guard let error = error as? PSQLError else { return "\(error)" }
        if let message = error.serverInfo?[.message] {
            let state = error.serverInfo?[.sqlState] ?? "?"
            let hint = state == "28P01" || state == "28000"
                ? "; check the user in database.url and the password in database.password_file or database.password_credential" : ""
            return "\(message) [SQLSTATE \(state)]\(hint)"
        }
        switch error.code {
        case .sslUnsupported:
            return "the server does not offer TLS; turn TLS on in the server (ssl = on), or, for a server on loopback or a unix socket only, set database.tls: off"
        case .authMechanismRequiresPassword:
            return "the server asks for a password; give it in database.password_file or database.password_credential"
        default:
            return "\(error.code)\(error.underlying.map { ": \($0)" } ?? "")"
        }
    }

    private static func connectionConfiguration(_ settings: PostgresSettings) throws -> PostgresConnection.Configuration {
        var configuration: PostgresConnection.Configuration
        if let socketDirectory = settings.socketDirectory {
            configuration = .init(
                unixSocketPath: "\(socketDirectory)/.s.PGSQL.\(settings.port)", username: settings.user, password: settings.password,
                database: settings.database)
        } else {
            configuration = .init(
                host: settings.host ?? "localhost", port: settings.port, username: settings.user, password: settings.password,
                database: settings.database, tls: try tls(settings))
        }
        configuration.options.connectTimeout = .seconds(10)
        return configuration
    }

    /// `required`: TLS, the certificate verified against `database.ca_file` or the system's authorities, and its name.
    private static func tls(_ settings: PostgresSettings) throws -> PostgresConnection.Configuration.TLS {
        guard settings.tls == .required else { return .disable }
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.certificateVerification = .fullVerification
        if let caFile = settings.caFile { tls.trustRoots = .file(caFile) }
        do {
            return .require(try NIOSSLContext(configuration: tls))
        } catch {
            throw PostgresStoreError(.cannotConnect, "cannot set up TLS for PostgreSQL at \(settings.displayName) (database.ca_file \(settings.caFile ?? "none")): \(error)")
        }
    }
}
