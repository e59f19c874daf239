import Foundation
import KeepsakeTestSupport
import Store
import Testing

/// A relay that cannot be reached pauses nothing (deliveries wait and retry) but raises an alarm
/// after `daemon.relay_alarm`; a TLS setup the relay cannot speak pauses sending at once, as a
/// refused login does.
@Suite("Relay failures: pause for a wrong setup, alarm for a relay down", .serialized)
struct RelayAlarmTests {
    static let noon = "2026-06-15T12:00:00Z"

    @Test("smtps:// against a plain or STARTTLS port (\"wrong version number\"): sending pauses, status exits 2 saying what to run")
    func tlsMismatchPauses() throws {
        let fixture = try DaemonFixture(generated: 3, birthday: "06-15", samples: false, zones: ["UTC"])
        let wrongScheme = fixture.server.url.replacingOccurrences(of: "smtp://", with: "smtps://")
        let run = try fixture.keepsake(["run", "--once", "--now", Self.noon], extraEnvironment: ["KEEPSAKE_SMTP_URL": wrongScheme])
        #expect(run.status == 0, "\(run.standardError.suffix(2_000))")
        let pause = try #require(try KeepsakeStore(path: fixture.database).sendingPause(), "no pause: \(run.standardError.suffix(2_000))")
        #expect(pause.cause == .relay)
        #expect(pause.reason.contains("the relay refused the sending setup at tls"), "\(pause.reason)")
        #expect(pause.reason.contains("the scheme and port of smtp.url"), "\(pause.reason)")
        #expect(pause.reason.contains("then run systemctl reload keepsake (it re-reads smtp.*, sender.* and dkim.*"), "\(pause.reason)")
        #expect(try fixture.server.messages().isEmpty)
        let status = try fixture.keepsake(["status", "--now", Self.noon], files: false)
        #expect(status.status == 2, "\(status.standardOutput)")
        #expect(status.standardOutput.contains("SENDING PAUSED (relay"), "\(status.standardOutput)")
    }

    @Test("a relay refusing connections: no pause, deliveries deferred; status exits 0 within daemon.relay_alarm and 2 after it; a relay answering again ends it")
    func unreachableRelayRaisesTheAlarmLate() throws {
        let fixture = try DaemonFixture(generated: 3, birthday: "06-15", samples: false, zones: ["UTC"])
        fixture.server.stop()  // nothing listens on its port now
        let run = try fixture.keepsake(["run", "--once", "--now", Self.noon])
        #expect(run.status == 0, "\(run.standardError.suffix(2_000))")
        let store = try KeepsakeStore(path: fixture.database)
        #expect(try store.sendingPause() == nil, "an unreachable relay paused sending")
        // The first failure stops the tick (the rest would fail the same way): deferred, or still planned.
        let deferred = try store.deliveries(status: .deferred).count
        let planned = try store.deliveries(status: .planned).count
        #expect(deferred >= 1 && deferred + planned == 3, "\(run.standardError.suffix(2_000))")
        #expect(try store.relayFailure()?.since == Instants.parse(Self.noon))

        let early = try fixture.keepsake(["status", "--now", "2026-06-15T12:10:00Z"], files: false)
        #expect(early.status == 0, "\(early.standardOutput)")
        #expect(early.standardOutput.contains("relay: the relay has not answered since 2026-06-15T12:00:00Z (for 10m, alarm after 15m)"),
                "\(early.standardOutput)")
        let late = try fixture.keepsake(["status", "--now", "2026-06-15T12:20:00Z"], files: false)
        #expect(late.status == 2, "\(late.standardOutput)")
        #expect(late.standardOutput.contains("RELAY NOT ANSWERING: the relay has not answered since 2026-06-15T12:00:00Z (for 20m, alarm after 15m)"),
                "\(late.standardOutput)")
        // A setting of the operator's moves the alarm.
        let patient = try fixture.keepsake(["status", "--now", "2026-06-15T12:20:00Z"], files: false,
                                           extraEnvironment: ["KEEPSAKE_DAEMON_RELAY_ALARM": "1h"])
        #expect(patient.status == 0, "\(patient.standardOutput)")

        // The relay is back (a new one): the retries go out and the alarm ends.
        let relay = try CaptureServer.start()
        defer { relay.stop() }
        let retry = try fixture.keepsake(["run", "--once", "--now", "2026-06-15T12:21:00Z"], extraEnvironment: ["KEEPSAKE_SMTP_URL": relay.url])
        #expect(retry.status == 0, "\(retry.standardError.suffix(2_000))")
        #expect(try store.deliveries(status: .sent).count == 3)
        #expect(try store.relayFailure() == nil)
        let after = try fixture.keepsake(["status", "--now", "2026-06-15T12:22:00Z"], files: false)
        #expect(after.status == 0 && !after.standardOutput.contains("has not answered"), "\(after.standardOutput)")
    }

    @Test("a relay down longer than daemon.relay_alarm: /healthz answers 503 saying since when, /metrics shows keepsake_relay_alarm 1")
    func healthAndMetricsShowTheAlarm() throws {
        let fixture = try DaemonFixture(generated: 2, birthday: "06-15", samples: false, zones: ["UTC"])
        fixture.server.stop()
        let daemon = try ListeningDaemon(fixture, now: Self.noon, environment: ["KEEPSAKE_DAEMON_RELAY_ALARM": "1s"])
        defer { daemon.daemon.killIfRunning() }
        try daemon.waitForTicks()
        var reply = Curl.Reply(status: 0, headers: [:], body: "")
        try daemon.daemon.wait("/healthz to answer 503") {
            reply = try Curl.request("GET", daemon.url("/healthz"))
            return reply.status == 503
        }
        #expect(reply.body.hasPrefix("unhealthy: the relay has not answered since 2026-06-15T12:00:"), "\(reply.body)")
        let samples = try MonitoringEndpointTests.scrape(daemon)
        #expect(MonitoringEndpointTests.value(samples, "keepsake_relay_alarm") == 1)
        #expect((MonitoringEndpointTests.value(samples, "keepsake_relay_failing_seconds") ?? 0) > 1)
        #expect(try KeepsakeStore(path: fixture.database).sendingPause() == nil)
        try daemon.stop()
    }
}
