import Foundation
import KeepsakeTestSupport
import Store
import Testing

/// A reload (SIGHUP) re-reads the configuration with its files, so that fixing a password file and
/// reloading really ends a pause; what it cannot re-read is named; a refused reload shows in
/// `keepsake status`, `/healthz` and `/metrics`, not only in the log.
@Suite("Reload: settings re-read, refusals shown", .serialized)
struct ReloadSettingsTests {
    static let noon = "2026-06-15T12:00:00Z"

    /// Customers with their birthday at noon, and a relay that wants the user keepsake with the password "right horse".
    static func relayWithLogin(customers: Int) throws -> DaemonFixture {
        try DaemonFixture(
            generated: customers, birthday: "06-15", samples: false, zones: ["UTC"],
            serverOptions: .init(authUser: "keepsake", authPassword: "right horse"))
    }

    @Test("AUTH 535 pauses; the password file fixed and SIGHUP: the pause lifts and the next tick sends with the new password")
    func fixedPasswordFileAndReloadSends() throws {
        let fixture = try Self.relayWithLogin(customers: 3)
        let passwordFile = fixture.directory.appendingPathComponent("smtp-password")
        try "wrong horse\n".write(to: passwordFile, atomically: true, encoding: .utf8)
        let daemon = try Daemon(fixture, ["run", "--now", Self.noon], environment: [
            "KEEPSAKE_DAEMON_TICK": "1s", "KEEPSAKE_SMTP_USERNAME": "keepsake", "KEEPSAKE_SMTP_PASSWORD_FILE": passwordFile.path,
        ])
        defer { daemon.killIfRunning() }
        let store = try KeepsakeStore(path: fixture.database)
        var pause: SendingPause?
        try daemon.wait("the relay's 535 to pause sending") {
            pause = try store.sendingPause()
            return pause != nil
        }
        #expect(pause?.reason.contains("535") == true, "\(pause?.reason ?? "")")
        #expect(pause?.reason.contains("then run systemctl reload keepsake (it re-reads smtp.*, sender.* and dkim.*") == true,
                "\(pause?.reason ?? "")")
        #expect(pause?.reason.contains("systemctl restart") == false, "a password file needs no restart: \(pause?.reason ?? "")")
        #expect(try fixture.server.messages().isEmpty)

        try "right horse\n".write(to: passwordFile, atomically: true, encoding: .utf8)
        kill(daemon.process.processIdentifier, SIGHUP)
        try daemon.wait("the log says the settings were reloaded") { daemon.log().contains("msg=reloaded") }
        let reloaded = try #require(daemon.log().split(separator: "\n").first { $0.contains("msg=reloaded") })
        #expect(reloaded.contains("resumed_after="), "\(reloaded)")
        #expect(!reloaded.contains("not_reread="), "\(reloaded)")
        try daemon.wait("the three birthday messages at the relay") { try fixture.server.messages().count == 3 }
        #expect(try fixture.server.messages().allSatisfy { $0.authenticatedUser == "keepsake" })
        #expect(try store.sendingPause() == nil)
        #expect(try store.deliveries(status: .sent).count == 3)
        kill(daemon.process.processIdentifier, SIGTERM)
        try daemon.waitForExit()
        #expect(daemon.process.terminationReason == .exit && daemon.process.terminationStatus == 0, "\(daemon.logTail())")
    }

    @Test("the password in a systemd credential: the pause says systemctl restart keepsake, as a reload cannot read it again")
    func credentialNeedsARestart() throws {
        let fixture = try Self.relayWithLogin(customers: 1)
        let credentials = fixture.directory.appendingPathComponent("credentials")
        try FileManager.default.createDirectory(at: credentials, withIntermediateDirectories: true)
        try "wrong horse".write(to: credentials.appendingPathComponent("smtp-password"), atomically: true, encoding: .utf8)
        let run = try fixture.keepsake(["run", "--once", "--now", Self.noon], extraEnvironment: [
            "KEEPSAKE_SMTP_USERNAME": "keepsake", "KEEPSAKE_SMTP_PASSWORD_CREDENTIAL": "smtp-password",
            "CREDENTIALS_DIRECTORY": credentials.path,
        ])
        #expect(run.status == 0, "\(run.standardError.suffix(2_000))")
        let pause = try #require(try KeepsakeStore(path: fixture.database).sendingPause())
        #expect(pause.reason.contains(
            "or systemctl restart keepsake if you changed the SMTP password (systemd credential smtp-password), which only a restart reads again"),
            "\(pause.reason)")
    }

    @Test("a refused reload (configuration, then a campaign file): status exits 2, /healthz says degraded, /metrics keepsake_reload_failed 1; a good reload clears all three")
    func refusedReloadIsShown() throws {
        let fixture = try DaemonFixture(generated: 2, birthday: "06-15", samples: false, zones: ["UTC"])
        let campaigns = try fixture.useCopiedCampaigns()
        let configuration = fixture.directory.appendingPathComponent("keepsake.yaml")
        let goodConfiguration = """
            smtp:
              url: smtp://127.0.0.1:2525
              starttls: "off"
            sender:
              from: Keepsake Demo <demo@keepsake.test>
              allowed_domains: [keepsake.test, shop.example]
            unsubscribe:
              base_url: https://shop.example/keepsake
            """
        try goodConfiguration.write(to: configuration, atomically: true, encoding: .utf8)
        let environment = ["KEEPSAKE_CONFIG": configuration.path]
        let daemon = try ListeningDaemon(fixture, now: Self.noon, environment: environment)
        defer { daemon.daemon.killIfRunning() }
        try daemon.waitForTicks()
        func status() throws -> KeepsakeBinary.Result {
            try fixture.keepsake(["status"], files: false, extraEnvironment: environment)
        }
        #expect(try status().status == 0)

        // A configuration mistake: refused, naming the file and line.
        try goodConfiguration.replacingOccurrences(of: "starttls: \"off\"", with: "starttls: sometimes")
            .write(to: configuration, atomically: true, encoding: .utf8)
        kill(daemon.daemon.process.processIdentifier, SIGHUP)
        try daemon.daemon.wait("the first refusal") { daemon.daemon.log().contains("reload refused") }
        // `status` reads the same file: fixed first, it still shows the daemon's refusal.
        try goodConfiguration.write(to: configuration, atomically: true, encoding: .utf8)
        var shown = try status()
        #expect(shown.status == 2, "\(shown.standardOutput)")
        #expect(shown.standardOutput.contains("RELOAD REFUSED: the reload of "), "\(shown.standardOutput)")
        #expect(shown.standardOutput.contains("\(configuration.path):3:"), "\(shown.standardOutput)")

        // A broken campaign file: refused too.
        let birthday = campaigns.appendingPathComponent("birthday.yaml")
        let original = try String(contentsOf: birthday, encoding: .utf8)
        try original.replacingOccurrences(of: "trigger:", with: "trigger: [\ntrigger:").write(to: birthday, atomically: true, encoding: .utf8)
        kill(daemon.daemon.process.processIdentifier, SIGHUP)
        try daemon.daemon.wait("the second refusal") { daemon.daemon.log().components(separatedBy: "reload refused").count > 2 }
        shown = try status()
        #expect(shown.status == 2, "\(shown.standardOutput)")
        #expect(shown.standardOutput.contains("first: \(birthday.path):"), "\(shown.standardOutput)")
        let health = try Curl.request("GET", daemon.url("/healthz"))
        #expect(health.status == 200)
        #expect(health.body.hasPrefix("degraded: the reload of "), "\(health.body)")
        var samples = try MonitoringEndpointTests.scrape(daemon)
        #expect(MonitoringEndpointTests.value(samples, "keepsake_reload_failed") == 1)
        let failedAt = try #require(MonitoringEndpointTests.value(samples, "keepsake_last_reload_failure_timestamp_seconds"))
        let appliedAt = try #require(MonitoringEndpointTests.value(samples, "keepsake_last_reload_success_timestamp_seconds"))
        #expect(failedAt >= appliedAt)  // the store keeps whole seconds

        try original.write(to: birthday, atomically: true, encoding: .utf8)
        kill(daemon.daemon.process.processIdentifier, SIGHUP)
        try daemon.daemon.wait("the reload") { daemon.daemon.log().contains("msg=reloaded") }
        #expect(try status().status == 0)
        #expect(try Curl.request("GET", daemon.url("/healthz")).body.hasPrefix("ok: "))
        samples = try MonitoringEndpointTests.scrape(daemon)
        #expect(MonitoringEndpointTests.value(samples, "keepsake_reload_failed") == 0)
        try daemon.stop()
    }
}
