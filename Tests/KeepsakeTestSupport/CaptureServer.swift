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
    /// How the server behaves for every connection (recipient scripts need no options).
    public struct Options: Sendable {
        /// Offer STARTTLS with this certificate and key.
        public var starttls: TLSMaterial?
        /// Refuse everything but EHLO, NOOP, STARTTLS and QUIT until STARTTLS (530). Needs `starttls`.
        public var requireStarttls: Bool
        /// Offer AUTH PLAIN and LOGIN and require them before MAIL (530 5.7.0 without, 535 5.7.8 when wrong).
        public var authUser: String?
        public var authPassword: String?
        /// Greet with this code instead of 220 and close, e.g. 421.
        public var greetingCode: Int?
        /// Answer every MAIL FROM with this code ("550" → "550 5.7.1 <…>: Sender address rejected:
        /// Access denied") or with this whole reply line ("451 4.7.1 Try again later").
        public var mailFromReject: String?
        /// Wait this long before every end-of-data reply (the message is stored first).
        public var replyDelayAfterData: Duration?
        /// The name in the greeting and the EHLO reply (default capture.keepsake.test).
        public var hostname: String?
        /// Where the spool directory is created (default: see `CaptureServer`).
        public var spoolParent: URL?

        public init(
            starttls: TLSMaterial? = nil,
            requireStarttls: Bool = false,
            authUser: String? = nil,
            authPassword: String? = nil,
            greetingCode: Int? = nil,
            mailFromReject: String? = nil,
            replyDelayAfterData: Duration? = nil,
            hostname: String? = nil,
            spoolParent: URL? = nil
        ) {
            self.starttls = starttls
            self.requireStarttls = requireStarttls
            self.authUser = authUser
            self.authPassword = authPassword
            self.greetingCode = greetingCode
            self.mailFromReject = mailFromReject
            self.replyDelayAfterData = replyDelayAfterData
            self.hostname = hostname
            self.spoolParent = spoolParent
        }

        /// The server's command-line options for these settings.
        var arguments: [String] {
            var arguments: [String] = []
            if let starttls {
                arguments += ["--starttls-cert", starttls.certificate.path, "--starttls-key", starttls.privateKey.path]
            }
            if requireStarttls { arguments.append("--require-starttls") }
            if let authUser { arguments += ["--auth-user", authUser] }
            if let authPassword { arguments += ["--auth-password", authPassword] }
            if let greetingCode { arguments += ["--greeting-code", String(greetingCode)] }
            if let mailFromReject { arguments += ["--mail-from-reject", mailFromReject] }
            if let replyDelayAfterData { arguments += ["--reply-delay-after-data", String(replyDelayAfterData.seconds)] }
            if let hostname { arguments += ["--hostname", hostname] }
            return arguments
        }
    }

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

    /// The relay URL for the transport under test.
    public var url: String { "smtp://127.0.0.1:\(port)" }

    private init(port: Int, spoolDirectory: URL, logFile: URL, child: ChildProcess) {
        self.port = port
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
            return CaptureServer(port: port, spoolDirectory: spool, logFile: standardError, child: child)
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

    /// The messages the server accepted, in the order it received them.
    public func messages() throws -> [CapturedMessage] {
        let names = try FileManager.default.contentsOfDirectory(atPath: spoolDirectory.path)
        let messageNames = names
            .filter { $0.hasSuffix(".eml") && $0.dropLast(4).allSatisfy(\.isASCIIDigit) }
            .sorted { ($0.count, $0) < ($1.count, $1) }  // numeric order, also past 999999
        return try messageNames.map { name in
            let fileURL = spoolDirectory.appendingPathComponent(name)
            let envelopeURL = fileURL.deletingPathExtension().appendingPathExtension("json")
            let envelope = try decode(SpooledEnvelope.self, from: Data(contentsOf: envelopeURL), file: envelopeURL)
            return CapturedMessage(
                raw: Array(try Data(contentsOf: fileURL)),
                mailFrom: envelope.mailFrom,
                recipients: envelope.recipients,
                connectionID: envelope.connectionID,
                fileURL: fileURL,
                overTLS: envelope.overTLS,
                authenticatedUser: envelope.authenticatedUser
            )
        }
    }

    /// Everything the server logged so far, in order (see `CaptureEvent`).
    public func events() throws -> [CaptureEvent] {
        let eventsFile = spoolDirectory.appendingPathComponent("events.jsonl")
        guard FileManager.default.fileExists(atPath: eventsFile.path) else { return [] }
        let text = try String(contentsOf: eventsFile, encoding: .utf8)
        // Only whole lines: the server may be writing the next one.
        let lines = text.split(separator: "\n", omittingEmptySubsequences: true)
            .dropLast(text.hasSuffix("\n") ? 0 : 1)
        let array = "[" + lines.joined(separator: ",") + "]"
        return try decode([CaptureEvent].self, from: Data(array.utf8), file: eventsFile)
    }

    /// How many TCP connections the server has accepted.
    public func connectionCount() throws -> Int {
        try events().count { $0.kind == "connect" }
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

    private func decode<Value: Decodable>(_ type: Value.Type, from data: Data, file: URL) throws -> Value {
        do {
            return try JSONDecoder().decode(type, from: data)
        } catch {
            throw CaptureServerError.unreadableSpoolFile(file, "\(error)")
        }
    }
}

/// One message the server accepted.
public struct CapturedMessage: Sendable {
    /// The message exactly as received, after dot-unstuffing (CRLF line ends).
    public let raw: [UInt8]
    /// MAIL FROM.
    public let mailFrom: String
    /// The accepted RCPT TO addresses.
    public let recipients: [String]
    /// Which TCP connection carried it (1, 2, … in the order the server accepted them).
    public let connectionID: Int
    /// The NNNNNN.eml file.
    public let fileURL: URL
    /// Whether it arrived after STARTTLS.
    public let overTLS: Bool
    /// The AUTH login it arrived under, if any.
    public let authenticatedUser: String?
}

/// NNNNNN.json: the envelope the server stored next to a message.
private struct SpooledEnvelope: Decodable {
    let mailFrom: String
    let recipients: [String]
    let connectionID: Int
    let overTLS: Bool
    let authenticatedUser: String?

    enum CodingKeys: String, CodingKey {
        case mailFrom = "mail_from", recipients = "rcpt_tos", connectionID = "connection_id"
        case overTLS = "tls", authenticatedUser = "auth_login"
    }
}

/// One line of the server's events.jsonl. Kinds and their fields:
/// - `connect` (peer), `disconnect`
/// - `tls`: a STARTTLS handshake (ok) · `auth`: an AUTH attempt (login, ok)
/// - `mail`, `rcpt`: every MAIL / RCPT command (address), whatever it was answered
/// - `data`: a message after its end-of-data marker (outcome: stored, rejected, held, dropped; stored: file stem)
/// - `reply`: every reply sent (command: GREETING, EHLO, MAIL, RCPT, DATA, END-OF-DATA, …; code; line)
public struct CaptureEvent: Sendable, Decodable {
    public let kind: String
    public let connectionID: Int
    /// Unix time in seconds.
    public let time: Double
    public let command: String?
    public let code: Int?
    public let line: String?
    public let address: String?
    public let peer: String?
    public let outcome: String?
    /// The stem of the stored files ("000001"), for `data` events of stored messages.
    public let stored: String?
    public let size: Int?
    /// For `tls` (handshake) and `auth` (credentials) events.
    public let ok: Bool?
    public let login: String?

    enum CodingKeys: String, CodingKey {
        case kind = "event", connectionID = "connection_id", time, command, code, line, address, peer
        case outcome, stored, size, ok, login
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        kind = try container.decode(String.self, forKey: .kind)
        connectionID = try container.decode(Int.self, forKey: .connectionID)
        time = try container.decode(Double.self, forKey: .time)
        command = try container.decodeIfPresent(String.self, forKey: .command)
        code = try container.decodeIfPresent(Int.self, forKey: .code)
        line = try container.decodeIfPresent(String.self, forKey: .line)
        address = try container.decodeIfPresent(String.self, forKey: .address)
        peer = try container.decodeIfPresent(String.self, forKey: .peer)
        outcome = try container.decodeIfPresent(String.self, forKey: .outcome)
        stored = try container.decodeIfPresent(String.self, forKey: .stored)
        size = try container.decodeIfPresent(Int.self, forKey: .size)
        ok = try container.decodeIfPresent(Bool.self, forKey: .ok)
        login = try container.decodeIfPresent(String.self, forKey: .login)
    }
}

public enum CaptureServerError: Error, CustomStringConvertible {
    case didNotStart(reason: String, standardError: String)
    case exited(status: Int32)
    case timedOut(seconds: TimeInterval)
    case unexpectedOutput(String)
    case unreadableSpoolFile(URL, String)
    case toolFailed(command: String, status: Int32, output: String)

    public var description: String {
        switch self {
        case .didNotStart(let reason, let standardError):
            return "capture server did not start (\(reason)); its standard error:\n\(standardError)"
        case .exited(let status):
            return "exited with status \(status) before printing READY"
        case .timedOut(let seconds):
            return "no READY line within \(Int(seconds)) s"
        case .unexpectedOutput(let line):
            return "unexpected output \(line.debugDescription)"
        case .unreadableSpoolFile(let file, let problem):
            return "cannot read \(file.path): \(problem)"
        case .toolFailed(let command, let status, let output):
            return "\(command) exited with status \(status):\n\(output)"
        }
    }
}

/// A certificate and private key (PEM files) for the server's STARTTLS.
public struct TLSMaterial: Sendable {
    public let certificate: URL
    public let privateKey: URL

    public init(certificate: URL, privateKey: URL) {
        self.certificate = certificate
        self.privateKey = privateKey
    }

    /// A fresh self-signed certificate for `localhost` and 127.0.0.1, valid for two days, made by
    /// `openssl req -x509` in a new temporary directory. Clients trust it by using `certificate`
    /// as their CA file.
    public static func selfSigned() throws -> TLSMaterial {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("keepsake-tls-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let material = TLSMaterial(
            certificate: directory.appendingPathComponent("certificate.pem"),
            privateKey: directory.appendingPathComponent("private-key.pem")
        )
        try runTool("openssl", [
            "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=localhost",
            "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
            "-keyout", material.privateKey.path, "-out", material.certificate.path,
        ], outputFile: directory.appendingPathComponent("openssl.log"))
        return material
    }

    /// Runs a tool found on PATH, its output in outputFile; throws with that output if it fails.
    private static func runTool(_ tool: String, _ arguments: [String], outputFile: URL) throws {
        _ = FileManager.default.createFile(atPath: outputFile.path, contents: nil)
        let output = try FileHandle(forWritingTo: outputFile)
        defer { try? output.close() }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [tool] + arguments
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = output
        process.standardError = output
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let text = (try? String(contentsOf: outputFile, encoding: .utf8)) ?? ""
            throw CaptureServerError.toolFailed(command: ([tool] + arguments).joined(separator: " "), status: process.terminationStatus, output: text)
        }
    }
}

/// The server process, stoppable from any thread. Its standard input is a pipe this object holds
/// open: if the test process dies, the pipe closes and the server (`--stop-on-stdin-eof`) exits.
private final class ChildProcess: @unchecked Sendable {
    private let process: Process
    private let lifeline: Pipe
    private let lock = NSLock()

    private init(process: Process, lifeline: Pipe) {
        self.process = process
        self.lifeline = lifeline
    }

    static func launch(executable: String, arguments: [String], standardOutput: URL, standardError: URL) throws -> ChildProcess {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.standardOutput = try Self.newFileHandle(at: standardOutput)
        process.standardError = try Self.newFileHandle(at: standardError)
        let lifeline = Pipe()
        process.standardInput = lifeline
        try process.run()
        return ChildProcess(process: process, lifeline: lifeline)
    }

    private static func newFileHandle(at url: URL) throws -> FileHandle {
        _ = FileManager.default.createFile(atPath: url.path, contents: nil)
        return try FileHandle(forWritingTo: url)
    }

    var isRunning: Bool { lock.withLock { process.isRunning } }

    var terminationStatus: Int32 { lock.withLock { process.isRunning ? -1 : process.terminationStatus } }

    /// SIGTERM, then SIGKILL if it is still running after `timeout`; returns once it has exited.
    func stop(within timeout: TimeInterval) {
        lock.withLock {
            if process.isRunning {
                process.terminate()
                let deadline = Date().addingTimeInterval(timeout)
                while process.isRunning && Date() < deadline {
                    Thread.sleep(forTimeInterval: 0.005)
                }
                if process.isRunning {
                    kill(process.processIdentifier, SIGKILL)
                }
                process.waitUntilExit()
            }
            try? lifeline.fileHandleForWriting.close()
        }
    }
}

extension Duration {
    /// The duration in seconds, e.g. 1.5.
    fileprivate var seconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}
