import Foundation

/// A real SMTP server for the integration tests: `Tests/Support/smtp_capture_server.py` (Debian's
/// aiosmtpd) as a child process on 127.0.0.1, with a fresh spool directory.
///
/// It stores every message it accepts and answers with replies scripted by the recipient's local
/// part — `rcpt-550@…`, `data-451@…`, `rcpt-451-x2@…`, `drop-mid-data@…`,
/// `no-reply-after-data@…`, `slow-rcpt-5@…`, `slow-data-6@…`, `drop-at-rcpt@…`; the script's
/// docstring has the full vocabulary and the exact reply lines.
///
/// ```swift
/// let server = try CaptureServer.start()
/// defer { server.stop() }
/// // … send to server.url …
/// let messages = try server.messages()
/// ```
///
/// The spool is created on tmpfs (`/dev/shm`) when it has room, because creating two files per
/// message on a journaled disk can cost a millisecond; `KEEPSAKE_CAPTURE_DIR` picks another parent.
/// The spool is removed when the server is deallocated, unless `KEEPSAKE_KEEP_CAPTURE` is set.
public final class CaptureServer: Sendable {
    /// How long `start` waits for the server's `READY <port>` line.
    static let startupTimeout: TimeInterval = 15
    /// How long `stop` waits after SIGTERM before SIGKILL.
    static let stopTimeout: TimeInterval = 5

    public let port: Int
    /// NNNNNN.eml and NNNNNN.json per accepted message, events.jsonl, and the server's output
    /// (server-stdout.log, server-stderr.log — the place to look when a test is puzzling).
    public let spoolDirectory: URL
    /// The server's standard error: aiosmtpd's warnings and any traceback.
    public let logFile: URL
    private let child: ChildProcess

    /// The relay URL for the transport under test: `smtps://127.0.0.1:PORT` with
    /// `Options.implicitTLS`, else `smtp://127.0.0.1:PORT`.
    public let url: String

    private init(port: Int, implicitTLS: Bool, spoolDirectory: URL, logFile: URL, child: ChildProcess) {
        self.port = port
        self.url = "\(implicitTLS ? "smtps" : "smtp")://127.0.0.1:\(port)"
        self.spoolDirectory = spoolDirectory
        self.logFile = logFile
        self.child = child
    }

    deinit {
        stop()
        if ProcessInfo.processInfo.environment["KEEPSAKE_KEEP_CAPTURE"] == nil {
            try? FileManager.default.removeItem(at: spoolDirectory)
        }
    }

    /// Launches the server on a free port of 127.0.0.1 and returns once it listens.
    /// Throws `CaptureServerError.didNotStart` with the server's standard error if it does not.
    public static func start(_ options: Options = .init()) throws -> CaptureServer {
        if options.implicitTLS != nil, options.starttls != nil || options.requireStarttls {
            throw CaptureServerError.conflictingOptions("implicitTLS excludes starttls and requireStarttls (implicit TLS offers no STARTTLS)")
        }
        let fileManager = FileManager.default
        let parent = options.spoolParent ?? defaultSpoolParent()
        let spool = parent.appendingPathComponent("keepsake-capture-\(UUID().uuidString)", isDirectory: true)
        try fileManager.createDirectory(at: spool, withIntermediateDirectories: true)
        let standardOutput = spool.appendingPathComponent("server-stdout.log")
        let standardError = spool.appendingPathComponent("server-stderr.log")

        let script = TestSupportPaths.supportDirectory.appendingPathComponent("smtp_capture_server.py")
        let arguments = [script.path, "--host", "127.0.0.1", "--port", "0", "--spool", spool.path, "--stop-on-stdin-eof"]
            + options.arguments
        let child = try ChildProcess.launch(
            executable: TestSupportPaths.systemPython, arguments: arguments,
            standardOutput: standardOutput, standardError: standardError
        )
        do {
            let port = try waitForReadyLine(in: standardOutput, of: child)
            return CaptureServer(port: port, implicitTLS: options.implicitTLS != nil, spoolDirectory: spool, logFile: standardError, child: child)
        } catch {
            child.stop(within: stopTimeout)
            let diagnostics = (try? String(contentsOf: standardError, encoding: .utf8)) ?? ""
            try? fileManager.removeItem(at: spool)
            throw CaptureServerError.didNotStart(reason: "\(error)", standardError: diagnostics)
        }
    }

    /// Stops the server (SIGTERM, then SIGKILL after a few seconds) and waits for it to exit.
    /// Idempotent; the spool stays readable until the server is deallocated.
    public func stop() {
        child.stop(within: Self.stopTimeout)
    }

    // MARK: - Launching

    /// tmpfs when it has room (file creation there costs microseconds), else the temporary directory.
    static func defaultSpoolParent() -> URL {
        if let chosen = ProcessInfo.processInfo.environment["KEEPSAKE_CAPTURE_DIR"], !chosen.isEmpty {
            return URL(fileURLWithPath: chosen, isDirectory: true)
        }
        let sharedMemory = "/dev/shm"
        let minimumFreeBytes: Int64 = 512 << 20
        if FileManager.default.isWritableFile(atPath: sharedMemory),
           let attributes = try? FileManager.default.attributesOfFileSystem(forPath: sharedMemory),
           let freeBytes = (attributes[.systemFreeSize] as? NSNumber)?.int64Value,
           freeBytes >= minimumFreeBytes {
            return URL(fileURLWithPath: sharedMemory, isDirectory: true)
        }
        return FileManager.default.temporaryDirectory
    }

    /// Polls the server's standard output for `READY <port>` until the startup timeout.
    private static func waitForReadyLine(in standardOutput: URL, of child: ChildProcess) throws -> Int {
        let deadline = Date().addingTimeInterval(startupTimeout)
        while Date() < deadline {
            let output = (try? String(contentsOf: standardOutput, encoding: .utf8)) ?? ""
            if let line = output.split(separator: "\n").first(where: { $0.hasPrefix("READY ") }) {
                guard let port = Int(line.dropFirst("READY ".count)) else {
                    throw CaptureServerError.unexpectedOutput(String(line))
                }
                return port
            }
            if !child.isRunning {
                throw CaptureServerError.exited(status: child.terminationStatus)
            }
            Thread.sleep(forTimeInterval: 0.01)
        }
        throw CaptureServerError.timedOut(seconds: startupTimeout)
    }
}
