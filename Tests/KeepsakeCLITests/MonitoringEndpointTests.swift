import Foundation
import KeepsakeTestSupport
import Store
import Testing

/// `/metrics` and `/healthz` of a real `keepsake run`: the text parses with an independent
/// Prometheus parser (python3-prometheus-client) and its counters match the send ledger.
@Suite("Metrics and health, end to end", .serialized)
struct MonitoringEndpointTests {
    struct Sample: Decodable {
        let name: String
        let labels: [String: String]
        let value: Double
    }

    /// `/metrics` read by `Tests/Support/prometheus_text.py`; fails on text it cannot parse.
    static func scrape(_ daemon: ListeningDaemon) throws -> [Sample] {
        let reply = try Curl.request("GET", daemon.url("/metrics"))
        guard reply.status == 200 else { throw FixtureError("/metrics: \(reply.status) \(reply.body)") }
        #expect(reply.headers["content-type"] == "text/plain; version=0.0.4; charset=utf-8")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = [DaemonFixture.repository.appendingPathComponent("Tests/Support/prometheus_text.py").path]
        let input = Pipe(), output = Pipe(), errors = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        input.fileHandleForWriting.write(Data(reply.body.utf8))
        try input.fileHandleForWriting.close()
        let parsed = output.fileHandleForReading.readDataToEndOfFile()
        let problem = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw FixtureError("/metrics is not Prometheus text: \(problem)\n\(reply.body)") }
        return try String(decoding: parsed, as: UTF8.self).split(separator: "\n").map {
            try JSONDecoder().decode(Sample.self, from: Data($0.utf8))
        }
    }

    static func value(_ samples: [Sample], _ name: String, _ labels: [String: String] = [:]) -> Double? {
        samples.first { $0.name == name && $0.labels == labels }?.value
    }

    @Test("/metrics parses as Prometheus text and its delivery, reply and queue figures match the ledger after a run")
    func metricsMatchTheLedger() throws {
        let fixture = try DaemonFixture(generated: 12, birthday: "06-15", samples: false, zones: UnsubscribeEndpointTests.zones)
        try fixture.addCustomers([
            (id: "x1", email: "rcpt-550@keepsake.test", locale: "en", zone: "UTC"),
            (id: "x2", email: "data-451@keepsake.test", locale: "fa-IR", zone: "Asia/Tehran"),
        ], birthday: "06-15")
        let daemon = try ListeningDaemon(fixture, now: UnsubscribeEndpointTests.noon)
        defer { daemon.daemon.killIfRunning() }
        try daemon.waitForTicks()
        let samples = try Self.scrape(daemon)
        let store = try KeepsakeStore(path: fixture.database)
        let sent = try store.deliveries(status: .sent), failed = try store.deliveries(status: .failed)
        let deferred = try store.deliveries(status: .deferred)
        try #require(sent.count == 11 && failed.count == 1 && deferred.count == 1, "ledger: \(sent.count) \(failed.count) \(deferred.count)")

        for (outcome, rows) in [("sent", sent), ("failed", failed), ("deferred", deferred)] {
            for (campaign, count) in Dictionary(grouping: rows, by: \.campaignID).mapValues(\.count) {
                #expect(Self.value(samples, "keepsake_deliveries_total", ["campaign": campaign, "outcome": outcome]) == Double(count),
                        "\(campaign) \(outcome)")
            }
        }
        let deliveries = samples.filter { $0.name == "keepsake_deliveries_total" }.map(\.value).reduce(0, +)
        #expect(deliveries == 13, "every attempt is counted once")
        #expect(Self.value(samples, "keepsake_smtp_replies_total", ["code": "250"]) == 11)
        #expect(Self.value(samples, "keepsake_smtp_replies_total", ["code": "550"]) == 1)
        #expect(Self.value(samples, "keepsake_smtp_replies_total", ["code": "451"]) == 1)
        #expect(Self.value(samples, "keepsake_smtp_send_duration_seconds_count") == 13)
        #expect(Self.value(samples, "keepsake_smtp_send_duration_seconds_bucket", ["le": "+Inf"]) == 13)
        #expect(Self.value(samples, "keepsake_waiting_deliveries", ["status": "deferred"]) == 1)
        #expect(Self.value(samples, "keepsake_waiting_deliveries", ["status": "planned"]) == 0)
        #expect(Self.value(samples, "keepsake_ticks_total") == 1)
        #expect(Self.value(samples, "keepsake_tick_duration_seconds_count") == 1)
        #expect((Self.value(samples, "keepsake_last_tick_timestamp_seconds") ?? 0) > 1_700_000_000)
        #expect(Self.value(samples, "keepsake_unsubscribes_total") == 0)
        #expect(Self.value(samples, "keepsake_deliveries_cancelled_total") == 0)
        // Rates per campaign and window: the relay's refusal at RCPT is a hard bounce of its campaign.
        for (campaign, rows) in Dictionary(grouping: sent + failed, by: \.campaignID) {
            let refused = Double(rows.filter { $0.status == .failed }.count)
            for window in ["1d", "7d", "30d"] {
                let labels = ["campaign": campaign, "window": window]
                #expect(Self.value(samples, "keepsake_campaign_deliveries", labels) == Double(rows.count), "\(labels)")
                #expect(Self.value(samples, "keepsake_campaign_hard_bounce_rate", labels) == refused / Double(rows.count), "\(labels)")
                #expect(Self.value(samples, "keepsake_campaign_complaint_rate", labels) == 0, "\(labels)")
            }
            #expect(Self.value(samples, "keepsake_campaign_paused", ["campaign": campaign]) == 0, "\(campaign)")
        }

        // One unsubscribe later, its counter moves, and the requests are counted by route and status.
        let link = try #require(try fixture.capturedByRecipient()["gen0@keepsake.test"]?.oneClickLink)
        #expect(try Curl.request("POST", try daemon.local(link), body: "List-Unsubscribe=One-Click").status == 200)
        #expect(try Curl.request("GET", daemon.url("/u/forged")).status == 404)
        let later = try Self.scrape(daemon)
        #expect(Self.value(later, "keepsake_unsubscribes_total") == 1)
        #expect(Self.value(later, "keepsake_http_requests_total", ["route": "unsubscribe", "status": "200"]) == 1)
        #expect(Self.value(later, "keepsake_http_requests_total", ["route": "unsubscribe", "status": "404"]) == 1)
        #expect(Self.value(later, "keepsake_http_requests_total", ["route": "metrics", "status": "200"]) == 1)
        try daemon.stop()
    }

    @Test("/healthz answers 200 while the daemon ticks, and 503 with the reason when its database file is gone")
    func health() throws {
        let fixture = try DaemonFixture(generated: 3, birthday: "06-15", samples: false, zones: UnsubscribeEndpointTests.zones)
        let daemon = try ListeningDaemon(fixture, now: UnsubscribeEndpointTests.noon, tick: "2s")
        defer { daemon.daemon.killIfRunning() }
        try daemon.waitForTicks()
        let healthy = try Curl.request("GET", daemon.url("/healthz"))
        #expect(healthy.status == 200 && healthy.body.hasPrefix("ok: last tick progress "), "\(healthy.status) \(healthy.body)")
        #expect(healthy.body.split(separator: "\n").count == 1)

        let moved = fixture.database + ".moved"
        try FileManager.default.moveItem(atPath: fixture.database, toPath: moved)
        let sick = try Curl.request("GET", daemon.url("/healthz"))
        #expect(sick.status == 503, "\(sick.status) \(sick.body)")
        #expect(sick.body.hasPrefix("unhealthy: the store does not answer: the database file \(fixture.database) is gone"), "\(sick.body)")
        #expect(sick.body.split(separator: "\n").count == 1)
        #expect(try Curl.request("HEAD", daemon.url("/healthz")).status == 503)
        try FileManager.default.moveItem(atPath: moved, toPath: fixture.database)
        #expect(try Curl.request("GET", daemon.url("/healthz")).status == 200)
        try daemon.stop()
    }
}
