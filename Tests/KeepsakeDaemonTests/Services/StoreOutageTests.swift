import Configuration
import Foundation
import KeepsakeTestSupport
import Logging
import ServiceLifecycle
import ServiceLifecycleTestKit
import Store
import Synchronization
import Testing
import UnixSignals
import Web
@testable import KeepsakeDaemon
import PlannerTestSupport

/// The daemon in process, with the repository's campaigns and the real capture server, while its
/// SQLite store file is moved away (an outage that affects root too) and brought back.
///
/// PostgreSQL's equivalent: stop the server (`pg_ctl stop -m fast`) for a while, then start it
/// again; the ticks fail with "connection refused", and the same assertions hold.
@Suite(.serialized) struct StoreOutageTests {
    @Test func aStoreThatIsGoneStopsSendingWithAReasonAndTheDaemonCarriesOnByItselfLosingNothing() async throws {
        let server = try CaptureServer.start()
        defer { server.stop() }
        let customers = (0..<20).map { scripted(String(format: "c%02d", $0), nil) }
        let planner = try PlannerFixture(customers)
        let store = planner.store
        let configurationPath = planner.directory.appendingPathComponent("keepsake.yaml").path
        try DaemonFixture.configuration(relay: server.url, database: store.path)
            .write(toFile: configurationPath, atomically: true, encoding: .utf8)
        let settings = try KeepsakeConfiguration.load(path: configurationPath, environment: [:])
        let loader = CampaignFilesLoader(
            campaignsDirectory: settings.daemon.campaignsDirectory, templatesDirectory: settings.daemon.templatesDirectory,
            settings: settings)
        let logs = CollectedLogs()
        let (hangups, continuation) = AsyncStream<UnixSignal>.makeStream()
        defer { continuation.finish() }
        let daemon = try Daemon(
            settings: settings, configurationPath: configurationPath, files: loader, openStore: { store },
            clock: DaemonClock(startingAt: DispatchFixture.opening), hangups: hangups,
            logger: Logger(label: "keepsake.outage-tests") { _ in logs.handler() })
        let health = HealthCheck(
            store: store, stallLimit: .seconds(120), progressAge: { .zero }, storeOutage: { daemon.outage.reason })

        // Paused, the first tick plans the birthdays and records them as due without sending.
        try store.pauseSending(SendingPause(cause: .operator, reason: "held for the test", since: DispatchFixture.opening))
        let moved = store.path + ".moved"
        try await testGracefulShutdown { trigger in
            let running = Task { try await daemon.run() }
            try await waitUntil("the first tick") { try store.lastTick() != nil }
            #expect(try store.waitingDeliveryCounts()[.planned] == 20)

            try FileManager.default.moveItem(atPath: store.path, toPath: moved)
            try store.resumeSending()
            try await waitUntil("the outage noticed") { daemon.outage.reason != nil }
            try await waitUntil("three ticks in the outage") { daemon.outage.failedTicks >= 3 }
            #expect(logs.count(of: "store unreachable; sending stopped") == 1, "logged once per outage")
            #expect(try server.receivedByMessageID().isEmpty, "sent while the store was gone")
            let unhealthy = health.check()
            #expect(!unhealthy.healthy)
            #expect(unhealthy.reason.contains("\(store.path) is gone"), "\(unhealthy.reason)")
            #expect(logs.lines.contains { $0.contains("store unreachable; sending stopped") && $0.contains("\(store.path) is gone") })

            try FileManager.default.moveItem(atPath: moved, toPath: store.path)
            try await waitUntil("every birthday sent") { try store.deliveries(status: .sent, limit: 100).count == 20 }
            try await waitUntil("the outage ended") { daemon.outage.reason == nil }
            #expect(health.check().healthy, "\(health.check().reason)")
            #expect(logs.count(of: "store reachable again; sending resumed") == 1)
            trigger.triggerGracefulShutdown()
            try await running.value
        }
        let received = try server.receivedByMessageID()
        #expect(received.count == 20)
        #expect(received.values.allSatisfy { $0.count == 1 }, "a message received more than once")
        #expect(try store.daemons(now: Date()).isEmpty, "a graceful stop leaves the registry")
    }

    /// Waits until `condition` holds, checking every 50 ms, for at most 60 s.
    private func waitUntil(_ what: String, _ condition: () throws -> Bool) async throws {
        for _ in 0..<1_200 {
            if try condition() { return }
            try await Task.sleep(for: .milliseconds(50))
        }
        Issue.record("gave up waiting: \(what)")
        throw CancellationError()
    }
}

/// Every log line of a daemon, as `message key=value …`, kept for the test to read.
final class CollectedLogs: Sendable {
    private let collected = Mutex<[String]>([])

    var lines: [String] { collected.withLock { $0 } }

    func count(of message: String) -> Int { lines.count { $0.hasPrefix(message + " ") || $0 == message } }

    func append(_ line: String) { collected.withLock { $0.append(line) } }

    func handler() -> CollectingLogHandler { CollectingLogHandler(logs: self) }
}

/// A log handler that hands each line to ``CollectedLogs``.
struct CollectingLogHandler: LogHandler {
    let logs: CollectedLogs
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(
        level: Logger.Level, message: Logger.Message, metadata: Logger.Metadata?, source: String, file: String,
        function: String, line: UInt
    ) {
        let fields = (metadata ?? [:]).sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
        logs.append(([message.description] + fields).joined(separator: " "))
    }
}
