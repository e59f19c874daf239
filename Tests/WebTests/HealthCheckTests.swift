import Foundation
import Store
import Testing

@testable import Web

/// `/healthz`'s verdict on a real store: healthy while ticks progress and the store answers.
@Suite("Health check")
struct HealthCheckTests {
    static func store() throws -> (KeepsakeStore, URL) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("keepsake-health-\(UUID().uuidString)")
        let path = folder.appendingPathComponent("keepsake.sqlite")
        return (try KeepsakeStore(path: path.path), folder)
    }

    @Test("recent progress and an answering store: healthy")
    func healthy() throws {
        let (store, folder) = try Self.store()
        defer { try? FileManager.default.removeItem(at: folder) }
        let report = HealthCheck(store: store, stallLimit: .seconds(120), progressAge: { .seconds(3) }).check()
        #expect(report == .init(healthy: true, reason: "ok: last tick progress 3s ago"))
    }

    @Test("a tick loop without progress for longer than the limit: unhealthy, saying for how long")
    func stalled() throws {
        let (store, folder) = try Self.store()
        defer { try? FileManager.default.removeItem(at: folder) }
        let report = HealthCheck(store: store, stallLimit: .seconds(120), progressAge: { .seconds(121) }).check()
        #expect(!report.healthy)
        #expect(report.reason.hasPrefix("unhealthy: the tick loop has shown no progress for 121s (limit 120s)"), "\(report.reason)")
    }

    @Test("a database file deleted under the daemon: unhealthy, naming the file")
    func fileGone() throws {
        let (store, folder) = try Self.store()
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.removeItem(atPath: store.path)
        let report = HealthCheck(store: store, stallLimit: .seconds(120), progressAge: { .zero }).check()
        #expect(!report.healthy)
        #expect(report.reason.contains("the database file \(store.path) is gone"), "\(report.reason)")
    }
}

/// What `daemon.relay_alarm` and a refused reload do to `/healthz`.
@Suite("Health check: relay alarm and refused reload")
struct HealthCheckAlarmTests {
    static let start = Date(timeIntervalSince1970: 1_781_524_800)  // 2026-06-15T12:00:00Z

    @Test("a relay failing for longer than daemon.relay_alarm: 503 with since when and what to check; shorter: ok")
    func relayAlarm() throws {
        let (store, folder) = try HealthCheckTests.store()
        defer { try? FileManager.default.removeItem(at: folder) }
        try store.recordRelayFailure(at: Self.start, reply: "Couldn't connect to server")
        try store.recordRelayFailure(at: Self.start.addingTimeInterval(600), reply: "Couldn't connect to server")
        func check(after minutes: Double) -> HealthCheck.Report {
            HealthCheck(store: store, stallLimit: .seconds(120), progressAge: { .seconds(3) }, relayAlarm: .seconds(900),
                        now: { Self.start.addingTimeInterval(minutes * 60) }).check()
        }
        #expect(check(after: 14) == .init(healthy: true, reason: "ok: last tick progress 3s ago"))
        let late = check(after: 20)
        #expect(!late.healthy)
        #expect(late.reason.hasPrefix(
            "unhealthy: the relay has not answered since 2026-06-15T12:00:00Z (for 20m, alarm after 15m): Couldn't connect to server"),
            "\(late.reason)")
        try store.clearRelayFailure()
        #expect(check(after: 20).healthy)
    }

    @Test("a refused reload: 200 degraded, naming the first problem; the next applied reload clears it")
    func refusedReload() throws {
        let (store, folder) = try HealthCheckTests.store()
        defer { try? FileManager.default.removeItem(at: folder) }
        try store.recordReloadApplied(at: Self.start)
        try store.recordReloadRefused(at: Self.start.addingTimeInterval(60), problems: ["campaigns/birthday.yaml:4:21: unexpected ]"])
        let check = HealthCheck(store: store, stallLimit: .seconds(120), progressAge: { .seconds(3) })
        let report = check.check()
        #expect(report.healthy)
        #expect(report.reason.hasPrefix("degraded: the reload of 2026-06-15T12:01:00Z was refused (1 problem, first: "
            + "campaigns/birthday.yaml:4:21: unexpected ]); the files and settings loaded at 2026-06-15T12:00:00Z keep running"),
            "\(report.reason)")
        try store.recordReloadApplied(at: Self.start.addingTimeInterval(120))
        #expect(check.check().reason.hasPrefix("ok: "))
    }
}
