import Configuration
import Foundation
import KeepsakeTestSupport
import Logging
import Mail
import SMTP
import ServiceLifecycle
import Store
import Testing
import UnixSignals
@testable import KeepsakeDaemon

/// A daemon built in process from a configuration file in a fresh temporary folder: the
/// repository's campaigns and templates, a real SQLite store, and the real SMTP capture server as
/// the relay. Its reloads come from `hangups`, a stream the test feeds.
final class DaemonFixture: Sendable {
    static let repository = TestSupportPaths.repositoryRoot

    let directory: URL
    let server: CaptureServer
    let configurationPath: String
    let store: KeepsakeStore
    let daemon: Daemon<AsyncStream<UnixSignal>>
    /// Feeds the daemon's reload signals.
    let hangups: AsyncStream<UnixSignal>.Continuation

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("keepsake-daemon-services-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        server = try CaptureServer.start()
        configurationPath = directory.appendingPathComponent("keepsake.yaml").path
        try Self.configuration(relay: server.url, database: directory.appendingPathComponent("keepsake.sqlite").path)
            .write(toFile: configurationPath, atomically: true, encoding: .utf8)
        let settings = try KeepsakeConfiguration.load(path: configurationPath, environment: [:])
        let loader = CampaignFilesLoader(
            campaignsDirectory: settings.daemon.campaignsDirectory, templatesDirectory: settings.daemon.templatesDirectory,
            settings: settings)
        let store = try KeepsakeStore(path: settings.databasePath)
        self.store = store
        let (stream, continuation) = AsyncStream<UnixSignal>.makeStream()
        hangups = continuation
        daemon = try Daemon(
            settings: settings, configurationPath: configurationPath, files: loader, openStore: { store }, clock: DaemonClock(startingAt: nil),
            hangups: stream, logger: Logger(label: "keepsake.daemon-tests") { _ in SwiftLogNoOpLogHandler() })
    }

    deinit {
        hangups.finish()
        server.stop()
        try? FileManager.default.removeItem(at: directory)
    }

    /// The configuration file: the capture server as relay, ticks every second.
    static func configuration(relay: String, database: String) -> String {
        """
        smtp: {url: "\(relay)", starttls: "off"}
        sender: {from: "Sahab Shop <hello@shop.example>"}
        database: {path: \(database)}
        daemon:
          tick: 1s
          drain_timeout: 30s
          campaigns: \(repository.appendingPathComponent("campaigns").path)
          templates: \(repository.appendingPathComponent("templates").path)

        """
    }

    /// Replaces the configuration file's text (a reload reads it again).
    func rewriteConfiguration(_ text: String) throws {
        try text.write(toFile: configurationPath, atomically: true, encoding: .utf8)
    }

    /// Waits until `condition` holds, checking every 50 ms, for at most `attempts` checks.
    func waitUntil(_ what: String, attempts: Int = 600, _ condition: () throws -> Bool) async throws {
        for _ in 0..<attempts {
            if try condition() { return }
            try await Task.sleep(for: .milliseconds(50))
        }
        Issue.record("gave up waiting: \(what)")
        throw CancellationError()
    }

    /// Whether `transport` is shut down: it no longer sends (a live one would hand the message to
    /// the capture server), and the server saw no message from it.
    func isShutDown(_ transport: SMTPTransport) async throws -> Bool {
        let before = try server.events().count { $0.kind == "data" }
        let outcome = await transport.send(
            Array("Subject: probe\r\n\r\nprobe\r\n".utf8),
            envelope: try SMTPEnvelope(sender: "bounces@shop.example", recipient: "probe@keepsake.test"))
        let after = try server.events().count { $0.kind == "data" }
        return outcome.verdict != .delivered && after == before
    }
}

/// A service that throws once the daemon has ticked: a sibling failing under the same group.
struct FailingService: Service {
    struct Failure: Error {}
    let store: KeepsakeStore

    func run() async throws {
        while try store.lastTick() == nil { try await Task.sleep(for: .milliseconds(50)) }
        throw Failure()
    }
}
