import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A real PostgreSQL server for the tests: Debian's `postgresql` (its `initdb` and `postgres`), one
/// per test process, in a fresh temporary folder, listening on 127.0.0.1 (a free port, password
/// login with SCRAM) and on a unix socket in that folder (no password), with `fsync` and
/// `synchronous_commit` on as in production. Each test takes a database of its own, so tests run in parallel:
///
/// ```swift
/// let database = try PostgresServer.shared().makeDatabase()   // CREATE DATABASE keepsake_test_…
/// // connect to 127.0.0.1:database.port as database.user / database.password, database database.name
/// ```
///
/// `initdb` refuses root: when the tests run as root, the folder is handed to the `postgres` system
/// user and the server runs as that user (`setpriv`); as any other user it runs as that user.
/// The server stops and its folder is removed when the test process exits, also when it crashes
/// (a shell beside the server waits on a pipe the test process holds, as ``CaptureServer``'s does),
/// unless `KEEPSAKE_KEEP_POSTGRES` is set.
public final class PostgresServer: @unchecked Sendable {
    /// The superuser the tests log in as.
    public let user = "keepsake"
    /// Its password, for logins over TCP (the unix socket trusts the local user).
    public let password = "keepsake-test-password"
    /// The TCP port on 127.0.0.1.
    public let port: Int
    /// The folder holding the unix socket (`.s.PGSQL.PORT`).
    public let socketDirectory: URL
    /// Data, socket, log (`postgres.log`, the place to look when a test is puzzling).
    public let directory: URL
    private let binaries: URL
    private let child: ChildProcess
    private let lock = NSLock()
    private var stopped = false

    private init(port: Int, directory: URL, binaries: URL, child: ChildProcess) {
        self.port = port
        self.directory = directory
        self.socketDirectory = directory.appendingPathComponent("socket", isDirectory: true)
        self.binaries = binaries
        self.child = child
    }

    deinit { stop() }

    nonisolated(unsafe) private static var sharedServer: Result<PostgresServer, any Error>?
    private static let sharedLock = NSLock()

    /// The test process's one server, started by the first caller, stopped when the process exits.
    public static func shared() throws -> PostgresServer {
        try sharedLock.withLock {
            if sharedServer == nil {
                sharedServer = Result { try start() }
                if case .success = sharedServer { atexit { PostgresServer.stopShared() } }
            }
            return try sharedServer!.get()
        }
    }

    private static func stopShared() {
        if case .success(let server) = sharedServer { server.stop() }
    }

    /// Runs `initdb` and starts `postgres`; returns once it accepts connections on its port, or
    /// throws within `timeLimit` seconds naming what went wrong, with the end of the server's log.
    public static func start(timeLimit: TimeInterval = 60) throws -> PostgresServer {
        let binaries = try binaryDirectory()
        let fileManager = FileManager.default
        let directory = fileManager.temporaryDirectory.appendingPathComponent("keepsake-postgres-\(UUID().uuidString.prefix(8))", isDirectory: true)
        try fileManager.createDirectory(at: directory.appendingPathComponent("socket"), withIntermediateDirectories: true)
        let owner = try serverUser()
        let passwordFile = directory.appendingPathComponent("password")
        try "keepsake-test-password\n".write(to: passwordFile, atomically: true, encoding: .utf8)
        for path in [directory.path, directory.appendingPathComponent("socket").path, passwordFile.path] {
            chown(path, owner.uid, owner.gid)
        }
        chmod(directory.path, 0o700)
        let data = directory.appendingPathComponent("data").path
        let initdb = try run(
            asServerUser: owner, binaries.appendingPathComponent("initdb").path,
            ["-D", data, "-U", "keepsake", "--pwfile", passwordFile.path, "--auth-local", "trust", "--auth-host", "scram-sha-256",
             "-E", "UTF8", "--locale", "C", "--no-sync"],
            log: directory.appendingPathComponent("initdb.log"), timeLimit: timeLimit)
        guard initdb == 0 else {
            let log = (try? String(contentsOf: directory.appendingPathComponent("initdb.log"), encoding: .utf8)) ?? ""
            try? fileManager.removeItem(at: directory)
            throw PostgresServerError(description: "initdb exited with status \(initdb):\n\(log.suffix(2_000))")
        }
        let port = try LoopbackPort.free()
        let settings = [
            "-D", data, "-p", "\(port)", "-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories=\(directory.path)/socket",
            "-c", "fsync=on", "-c", "synchronous_commit=on", "-c", "max_connections=200", "-c", "shared_buffers=32MB",
            "-c", "logging_collector=off",
        ]
        let child = try ChildProcess.launch(
            executable: TestSupportPaths.systemPython, arguments: ["-c", lifelineScript, directory.path]
                + serverUserPrefix(owner) + [binaries.appendingPathComponent("postgres").path] + settings,
            standardOutput: directory.appendingPathComponent("stdout.log"),
            standardError: directory.appendingPathComponent("postgres.log"))
        let server = PostgresServer(port: port, directory: directory, binaries: binaries, child: child)
        do {
            try LoopbackPort.waitUntilListening([port], timeout: timeLimit) { child.isRunning }
            try server.waitUntilAccepting(deadline: Date().addingTimeInterval(timeLimit))
        } catch {
            let log = (try? String(contentsOf: directory.appendingPathComponent("postgres.log"), encoding: .utf8)) ?? ""
            server.stop()
            throw PostgresServerError(description: "PostgreSQL did not start within \(Int(timeLimit)) s: \(error)\n\(log.suffix(2_000))")
        }
        return server
    }

    /// A fresh, empty database on this server, for one test.
    public func makeDatabase() throws -> PostgresTestDatabase {
        let name = "keepsake_test_\(UUID().uuidString.prefix(12).lowercased().replacingOccurrences(of: "-", with: ""))"
        try execute("CREATE DATABASE \(name)")
        return PostgresTestDatabase(server: self, name: name)
    }

    /// Runs SQL text with `psql` over the unix socket (as the superuser, in `database`); returns its output.
    @discardableResult
    public func execute(_ sql: String, in database: String = "postgres") throws -> String {
        let output = directory.appendingPathComponent("psql-\(UUID().uuidString.prefix(8)).log")
        defer { try? FileManager.default.removeItem(at: output) }
        let status = try Self.run(
            asServerUser: nil, binaries.appendingPathComponent("psql").path,
            ["-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-h", socketDirectory.path, "-p", "\(port)", "-U", user, "-d", database, "-c", sql],
            log: output, timeLimit: 60)
        let text = (try? String(contentsOf: output, encoding: .utf8)) ?? ""
        guard status == 0 else { throw PostgresServerError(description: "psql exited with status \(status) for \(sql): \(text)") }
        return text
    }

    /// Stops the server (SIGTERM: a smart shutdown, then SIGKILL) and removes its folder.
    public func stop() {
        let first = lock.withLock { () -> Bool in
            defer { stopped = true }
            return !stopped
        }
        guard first else { return }
        // A fast shutdown (SIGINT to the server, through pg_ctl as its user); then the shell beside it
        // removes the folder and exits.
        let owner = try? Self.serverUser()
        _ = try? Self.run(
            asServerUser: owner, binaries.appendingPathComponent("pg_ctl").path,
            ["stop", "-D", directory.appendingPathComponent("data").path, "-m", "fast", "-w", "-t", "20"],
            log: directory.appendingPathComponent("pg_ctl.log"), timeLimit: 30)
        child.stop(within: 10)
        if ProcessInfo.processInfo.environment["KEEPSAKE_KEEP_POSTGRES"] == nil {
            try? FileManager.default.removeItem(at: directory)
        }
    }

    /// Stops the server as an outage would: a fast shutdown (open connections are cut, their
    /// transactions rolled back), after which connections are refused, until
    /// ``startAfterOutage(timeLimit:)``. The data stays. For a server of one test's own
    /// (``start(timeLimit:)``), never the shared one.
    public func stopForOutage() throws {
        let held = directory.appendingPathComponent("held")
        guard FileManager.default.createFile(atPath: held.path, contents: nil) else {
            throw PostgresServerError(description: "cannot create \(held.path)")
        }
        let status = try Self.run(
            asServerUser: try Self.serverUser(), binaries.appendingPathComponent("pg_ctl").path,
            ["stop", "-D", directory.appendingPathComponent("data").path, "-m", "fast", "-w", "-t", "30"],
            log: directory.appendingPathComponent("pg_ctl.log"), timeLimit: 40)
        guard status == 0 else {
            let log = (try? String(contentsOf: directory.appendingPathComponent("pg_ctl.log"), encoding: .utf8)) ?? ""
            throw PostgresServerError(description: "pg_ctl stop exited with status \(status): \(log.suffix(1_000))")
        }
    }

    /// Starts the server stopped by ``stopForOutage()`` again, on the same port and data; returns
    /// once it accepts connections.
    public func startAfterOutage(timeLimit: TimeInterval = 60) throws {
        try FileManager.default.removeItem(at: directory.appendingPathComponent("held"))
        try waitUntilAccepting(deadline: Date().addingTimeInterval(timeLimit))
    }

    private func waitUntilAccepting(deadline: Date) throws {
        while true {
            do {
                try execute("SELECT 1")
                return
            } catch {
                guard Date() < deadline, child.isRunning else { throw error }
                Thread.sleep(forTimeInterval: 0.05)
            }
        }
    }

    /// The server runs under this Python script (Debian's python3); when the test process exits or
    /// dies, the script's standard input (a pipe the test process holds) closes, and it stops the
    /// server (SIGINT: a fast shutdown); once the server has exited, it removes the folder. A server
    /// stopped while the file `held` exists (``stopForOutage()``) is started again, on the same data,
    /// once the file is removed (``startAfterOutage(timeLimit:)``). It unblocks every signal first: a process spawned from a test thread inherits that thread's
    /// blocked signals, and a shell waiting with SIGCHLD blocked never wakes.
    private static let lifelineScript = """
        import os, shutil, signal, subprocess, sys, threading, time
        signal.pthread_sigmask(signal.SIG_SETMASK, [])
        directory = sys.argv[1]
        held = os.path.join(directory, "held")
        closed = threading.Event()
        server = None
        def watch():
            sys.stdin.buffer.read()
            closed.set()
            if server is not None:
                server.send_signal(signal.SIGINT)
        threading.Thread(target=watch, daemon=True).start()
        while not closed.is_set():
            server = subprocess.Popen(sys.argv[2:], stdin=subprocess.DEVNULL, cwd=directory)
            if closed.is_set():
                server.send_signal(signal.SIGINT)
            server.wait()
            # Stopped for an outage (the file `held` exists): started again once it is removed.
            if not os.path.exists(held):
                break
            while os.path.exists(held) and not closed.is_set():
                time.sleep(0.05)
        if not os.environ.get("KEEPSAKE_KEEP_POSTGRES"):
            shutil.rmtree(directory, ignore_errors=True)
        """

    private static func binaryDirectory() throws -> URL {
        var candidates: [String] = []
        if let configured = ProcessInfo.processInfo.environment["KEEPSAKE_POSTGRES_BINARIES"], !configured.isEmpty {
            candidates.append(configured)
        }
        let versions = ((try? FileManager.default.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? [])
            .compactMap(Int.init).sorted(by: >)
        candidates += versions.map { "/usr/lib/postgresql/\($0)/bin" }
        for candidate in candidates where FileManager.default.isExecutableFile(atPath: candidate + "/initdb") {
            return URL(fileURLWithPath: candidate, isDirectory: true)
        }
        throw PostgresServerError(
            description: "PostgreSQL's server programs are not installed (no initdb in \(candidates.isEmpty ? "/usr/lib/postgresql/*/bin" : candidates.joined(separator: ", "))): "
                + "`make deps` installs Debian's postgresql, or set KEEPSAKE_POSTGRES_BINARIES to the folder holding initdb")
    }

    /// Root runs the server as `postgres` (initdb refuses root); anyone else as themselves (nil).
    private static func serverUser() throws -> (uid: uid_t, gid: gid_t) {
        guard getuid() == 0 else { return (getuid(), getgid()) }
        guard let entry = getpwnam("postgres") else {
            throw PostgresServerError(description: "the tests run as root and there is no `postgres` system user to run initdb as (Debian's postgresql package creates it)")
        }
        return (entry.pointee.pw_uid, entry.pointee.pw_gid)
    }

    private static func serverUserPrefix(_ owner: (uid: uid_t, gid: gid_t)) -> [String] {
        getuid() == 0 ? ["/usr/bin/setpriv", "--reuid=\(owner.uid)", "--regid=\(owner.gid)", "--clear-groups", "--"] : []
    }

    /// Runs a program to its end (as the server's user when `owner` is given), its output into `log`.
    private static func run(asServerUser owner: (uid: uid_t, gid: gid_t)?, _ executable: String, _ arguments: [String], log: URL, timeLimit: TimeInterval) throws -> Int32 {
        let prefix = owner.map(serverUserPrefix) ?? []
        let process = Process()
        process.executableURL = URL(fileURLWithPath: prefix.first ?? executable)
        process.arguments = Array(prefix.dropFirst()) + (prefix.isEmpty ? [] : [executable]) + arguments
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        let handle = try FileHandle(forWritingTo: log)
        defer { try? handle.close() }
        process.standardOutput = handle
        process.standardError = handle
        process.standardInput = FileHandle.nullDevice
        // The server's user may not enter the test's folder; PostgreSQL's programs look at theirs.
        process.currentDirectoryURL = log.deletingLastPathComponent()
        process.environment = ["PATH": "/usr/bin:/bin", "LC_ALL": "C", "PGCONNECT_TIMEOUT": "5"]
        try process.run()
        let deadline = Date().addingTimeInterval(timeLimit)
        while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.01) }
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            throw PostgresServerError(description: "\(executable) did not finish within \(Int(timeLimit)) s")
        }
        return process.terminationStatus
    }
}

/// One test's database on the shared ``PostgresServer``.
public struct PostgresTestDatabase: Sendable {
    /// The server it lives on.
    public let server: PostgresServer
    /// Its name, `keepsake_test_…`.
    public let name: String

    /// `127.0.0.1`.
    public var host: String { "127.0.0.1" }
    /// The server's TCP port.
    public var port: Int { server.port }
    /// The login (a superuser).
    public var user: String { server.user }
    /// The login's password (SCRAM over TCP).
    public var password: String { server.password }

    /// Runs SQL text in this database through `psql`; returns its unaligned output.
    @discardableResult
    public func execute(_ sql: String) throws -> String {
        try server.execute(sql, in: name)
    }
}

/// The test server could not be set up, with what to install or where to look.
public struct PostgresServerError: Error, CustomStringConvertible {
    public let description: String
}
