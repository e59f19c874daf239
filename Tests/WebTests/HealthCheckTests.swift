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
