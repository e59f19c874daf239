import Foundation
import KeepsakeTestSupport
import Store
import Testing

/// `holdout:` in a real `keepsake run` against the capture SMTP server: the held-out customers are
/// recorded as held out and never receive anything; preview shows them; `/report` serves the HTML
/// report from loopback and asks a token of anything else.
@Suite("Holdout and report, end to end", .serialized)
struct HoldoutEndToEndTests {
    static let noon = "2026-06-15T12:00:00Z"
    static let zones = ["UTC", "Asia/Tehran", "Asia/Riyadh"]
    static let token = "report-token-0123456789abcdefXYZ"

    @Test("a held-out delivery is recorded, never sent, shown by preview; /report needs the token unless from loopback")
    func heldOutAreNeverSentAndTheReportIsGuarded() throws {
        let fixture = try DaemonFixture(generated: 60, birthday: "06-15", samples: false, zones: Self.zones)
        let campaigns = try fixture.useCopiedCampaigns()
        let birthday = campaigns.appendingPathComponent("birthday.yaml")
        try (try String(contentsOf: birthday, encoding: .utf8) + "holdout: 50%\n").write(to: birthday, atomically: true, encoding: .utf8)
        let tokenFile = fixture.directory.appendingPathComponent("report-token")
        try (Self.token + "\n").write(to: tokenFile, atomically: true, encoding: .utf8)
        let daemon = try ListeningDaemon(fixture, now: Self.noon, environment: ["KEEPSAKE_WEB_REPORT_TOKEN_FILE": tokenFile.path])
        defer { daemon.daemon.killIfRunning() }
        try daemon.waitForTicks()

        let store = try KeepsakeStore(path: fixture.database)
        let heldOut = try store.deliveries(status: .heldOut).filter { $0.campaignID == "birthday" }
        let sent = try store.deliveries(status: .sent).filter { $0.campaignID == "birthday" }
        // 54 opted-in customers, half held out: mean 27, deviation ≈ 3.7; 5 deviations either side.
        #expect(heldOut.count + sent.count == 54, "held out \(heldOut.count), sent \(sent.count)")
        #expect((9...45).contains(heldOut.count), "held out \(heldOut.count)")
        let captured = try fixture.capturedByRecipient()
        #expect(Set(captured.keys) == Set(sent.compactMap(\.email)))
        for delivery in heldOut {
            #expect(captured[delivery.email ?? ""] == nil, "\(delivery.email ?? "-") was held out and still mailed")
            #expect(delivery.attempts == 0 && delivery.sentAt == nil)
        }

        // preview and explain name them.
        let one = try #require(heldOut.first?.customerID)
        let preview = try fixture.keepsake(["preview", "--date", "2026-06-15", "--customer", one, "--campaign", "birthday", "--now", Self.noon])
        #expect(preview.status == 0 && preview.standardOutput.contains("held out"), "\(preview.standardOutput) \(preview.standardError)")
        let explain = try fixture.keepsake(["explain", "--customer", one, "--date", "2026-06-15", "--now", Self.noon])
        #expect(explain.standardOutput.contains("birthday: already held out on 2026-06-15"), "\(explain.standardOutput)")

        // /report: loopback as it is; through a proxy (X-Forwarded-For) only with the token.
        let path = "/report?from=2026-06-14&to=2026-06-16"
        let local = try Curl.request("GET", daemon.url(path))
        #expect(local.status == 200 && local.body.contains("<html lang=\"en\" dir=\"ltr\">"), "\(local.status) \(local.body.prefix(300))")
        #expect(local.body.contains("Chart.js v3") && local.body.contains("<td>birthday</td>"))
        let forwarded = "X-Forwarded-For: 203.0.113.7"
        #expect(try Curl.request("GET", daemon.url(path), headers: [forwarded]).status == 404)
        #expect(try Curl.request("GET", daemon.url(path), headers: [forwarded, "Authorization: Bearer wrong-token-0123456789abcdef"]).status == 404)
        #expect(try Curl.request("GET", daemon.url(path), headers: [forwarded, "Authorization: Bearer \(Self.token)"]).status == 200)
        #expect(try Curl.request("GET", daemon.url(path + "&token=\(Self.token)"), headers: [forwarded]).status == 200)
        let persian = try Curl.request("GET", daemon.url(path + "&locale=fa"))
        #expect(persian.body.contains("<html lang=\"fa\" dir=\"rtl\">") && persian.body.contains("۲۰۲۶"))
        try daemon.stop()

        // No coupon code is given to a held-out delivery.
        let export = try fixture.keepsake(["coupons", "export", "--campaign", "birthday", "--from", "2026-06-15", "--to", "2026-06-15"])
        try #require(export.status == 0, "\(export.standardError)")
        #expect(export.standardOutput.contains(sent.first?.email ?? "?"))
        for delivery in heldOut { #expect(!export.standardOutput.contains("," + (delivery.email ?? "?") + ","), "\(delivery.email ?? "-")") }

        // keepsake report counts what the ledger holds.
        let report = try fixture.keepsake(["report", "--from", "2026-06-14", "--to", "2026-06-16", "--format", "json"])
        try #require(report.status == 0, "\(report.standardError)")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(report.standardOutput.utf8)) as? [String: Any])
        let rows = (document["campaigns"] as? [[String: Any]] ?? []).filter { $0["campaign"] as? String == "birthday" }
        #expect(rows.map { $0["held_out"] as? Int ?? 0 }.reduce(0, +) == heldOut.count)
        #expect(rows.map { $0["sent"] as? Int ?? 0 }.reduce(0, +) == sent.count)
    }
}
