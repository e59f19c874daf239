import Foundation
import KeepsakeTestSupport
import Store
import Testing

/// Two `keepsake run` daemons on one PostgreSQL server that stops for 30 seconds in the middle of
/// their day (`pg_ctl stop -m fast`: their connections cut, new ones refused), then starts again.
@Suite("two daemons while PostgreSQL is stopped for 30 s", .serialized)
struct PostgresOutageTests {
    /// 400 generated birthdays, nine in ten opted in; sent at 30 a second between the two daemons
    /// (`smtp.rate`, shared through the store), so the day outlasts the outage's start.
    static let expected = 360

    @Test("PostgreSQL stopped for 30 s mid-day: both daemons stop sending, /healthz says why, they carry on by themselves when it is back, and nothing is lost or sent twice")
    func daemonsRideOutAStoppedServer() throws {
        let began = Date()
        // A server of the test's own: stopping the shared one would fail every other test using it.
        let server = try PostgresServer.start()
        defer { server.stop() }
        let fixture = try DaemonFixture(
            generated: 400, birthday: "06-15", samples: false, zones: PostgresFleetTests.zones,
            postgres: try server.makeDatabase())
        let environment = ["KEEPSAKE_SMTP_RATE": "30/s"]
        let daemons = [
            try ListeningDaemon(fixture, now: "2026-06-15T12:00:00Z", tick: "2s", environment: environment),
            try ListeningDaemon(fixture, now: "2026-06-15T12:00:00Z", tick: "2s", environment: environment),
        ]
        defer { for daemon in daemons { daemon.daemon.killIfRunning() } }
        try daemons[0].daemon.wait("60 messages sent") { try fixture.server.messages().count >= 60 }

        try server.stopForOutage()
        let stoppedAt = Date()
        print("outage test: server stopped \(Int(stoppedAt.timeIntervalSince(began))) s after the start")
        for daemon in daemons {
            try daemon.daemon.wait("/healthz answering 503") { try Curl.request("GET", daemon.url("/healthz")).status == 503 }
            let health = try Curl.request("GET", daemon.url("/healthz"))
            #expect(health.body.hasPrefix("unhealthy: "), "\(health.body)")
            #expect(health.body.contains("PostgreSQL at keepsake@127.0.0.1:\(server.port)/"), "\(health.body)")
        }
        print("outage test: both daemons unhealthy \(Int(Date().timeIntervalSince(began))) s after the start")
        // What was in flight when the server stopped has landed by now; nothing goes out after.
        let sentBeforeTheOutage = try fixture.server.messages().count
        #expect(sentBeforeTheOutage < Self.expected, "the day was over before the outage")
        // A blocking wait: an awaited sleep would give its thread to the command-line tests beside
        // it, which hold the pool's threads for minutes, and resume only when one is free.
        Thread.sleep(until: stoppedAt.addingTimeInterval(30))
        #expect(try fixture.server.messages().count == sentBeforeTheOutage, "sent while the store was down")
        for daemon in daemons {
            #expect(try Curl.request("GET", daemon.url("/healthz")).status == 503)
            #expect(daemon.daemon.process.isRunning, "a daemon exited during the outage: \(daemon.daemon.logTail())")
        }

        try server.startAfterOutage()
        print("outage test: server back \(Int(Date().timeIntervalSince(began))) s after the start")
        let store = try fixture.openStore()
        try daemons[0].daemon.wait("the day sent") {
            try store.deliveryCount(matching: DeliveryFilter(status: .sent)) == Self.expected
        }
        for daemon in daemons {
            try daemon.daemon.wait("/healthz answering 200") { try Curl.request("GET", daemon.url("/healthz")).status == 200 }
            try daemon.stop()
            let log = daemon.daemon.log()
            #expect(log.contains("msg=\"store unreachable; sending stopped\""), "\(daemon.daemon.logTail())")
            #expect(log.components(separatedBy: "msg=\"store reachable again; sending resumed\"").count - 1 == 1, "\(daemon.daemon.logTail())")
        }

        // Nothing lost: every delivery sent, none in doubt or waiting; every message received once.
        for status in [LedgerStatus.inDoubt, .sending, .deferred, .failed, .planned] {
            #expect(try store.deliveryCount(matching: DeliveryFilter(status: status)) == 0, "\(status)")
        }
        var received: [String: Int] = [:]
        for check in try MessageChecker.checkDirectory(fixture.server.spoolDirectory) {
            #expect(check.defects.isEmpty, "\(check.file ?? "?"): \(check.defects)")
            received[try #require(check.header("Message-ID")), default: 0] += 1
        }
        #expect(received.count == Self.expected && received.values.allSatisfy { $0 == 1 }, "\(received.count) received, \(received.filter { $0.value > 1 }.count) twice")
        let recordedLate = daemons.map { $0.daemon.log().firstMatch(of: /outcomes recorded after the store came back" count=([0-9]+) released=([0-9]+)/).map { "\($0.1) late, \($0.2) put back" } ?? "none" }
        print("outage test: \(sentBeforeTheOutage) sent before the server stopped, \(received.count) in all, outcomes \(recordedLate), \(Int(Date().timeIntervalSince(began))) s")
    }
}
