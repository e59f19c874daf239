import Foundation
import KeepsakeTestSupport
import Store
import Testing

/// The service's signals as systemd sends them: SIGTERM stops it without losing or doubling a
/// message, SIGHUP reloads the campaign files (or keeps the old ones when the new are broken),
/// and the notify socket hears READY, RELOADING, STOPPING, STATUS and WATCHDOG.
@Suite("keepsake run under SIGTERM and SIGHUP", .serialized)
struct DaemonSignalTests {
    /// An instant at which the 10:00–20:00 windows of UTC, Paris, Tehran and Dubai are all open.
    static let noon = "2026-06-15T12:00:00Z"

    @Test("SIGTERM in the middle of a 3,000-delivery batch: exit 0, nothing in doubt, the rest planned; a second run sends it, each message once")
    func terminatedMidBatch() throws {
        let fixture = try DaemonFixture(
            generated: 3_340, birthday: "06-15", samples: false, zones: ["UTC", "Europe/Paris", "Asia/Tehran", "Asia/Dubai"],
            serverOptions: .init(replyDelayAfterData: .milliseconds(5)))
        let notify = try DatagramReceiver.inTemporaryFolder()
        let daemon = try Daemon(fixture, ["run", "--now", Self.noon], environment: [
            "KEEPSAKE_DAEMON_TICK": "600s", "NOTIFY_SOCKET": notify.notifySocket,
        ])
        defer { daemon.killIfRunning() }
        #expect(try notify.next(containing: "READY=1").contains("STATUS="))
        try daemon.wait("the relay received 50 messages") { try fixture.spooledMessageCount() >= 50 }
        kill(daemon.process.processIdentifier, SIGTERM)
        try daemon.waitForExit()
        #expect(daemon.process.terminationReason == .exit && daemon.process.terminationStatus == 0, "\(daemon.logTail())")
        _ = try notify.next(containing: "STOPPING=1")

        let store = try KeepsakeStore(path: fixture.database)
        var byStatus: [LedgerStatus: [LedgerDelivery]] = [:]
        for status in LedgerStatus.allCases { byStatus[status] = try store.deliveries(status: status, limit: 100_000) }
        for status in LedgerStatus.allCases where status != .sent && status != .planned {
            #expect(byStatus[status]!.isEmpty, "\(byStatus[status]!.count) deliveries left \(status.rawValue)")
        }
        let sent = byStatus[.sent]!, planned = byStatus[.planned]!
        try #require(!planned.isEmpty, "the SIGTERM came after the last delivery: the batch was not interrupted")
        #expect(sent.count + planned.count >= 3_000)
        var received = try fixture.receivedMessageIDs()
        #expect(received.filter { $0.value != 1 }.isEmpty, "received more than once: \(received.filter { $0.value != 1 }.keys.sorted())")
        #expect(Set(received.keys) == Set(sent.map(\.messageID)), "what the relay received and what the ledger says was sent differ")

        #expect(planned.allSatisfy { $0.attempts == 0 }, "a delivery left planned was tried")
        // A minute later: the service's clock ran on from noon, so what it recorded is due a little after.
        let rest = try fixture.keepsake(["run", "--once", "--now", "2026-06-15T12:01:00Z"])
        try #require(rest.status == 0, "\(rest.standardError.suffix(2_000))")
        let allSent = try store.deliveries(status: .sent, limit: 100_000)
        let unsent = Set((sent + planned).map(\.id)).subtracting(allSent.map(\.id))
        #expect(unsent.isEmpty && allSent.count == sent.count + planned.count,
                "the second run left \(unsent.count) unsent: \(rest.standardOutput) \(rest.standardError.suffix(2_000))")
        received = try fixture.receivedMessageIDs()
        #expect(received.filter { $0.value != 1 }.isEmpty, "received more than once: \(received.filter { $0.value != 1 }.keys.sorted())")
        #expect(Set(received.keys) == Set(allSent.map(\.messageID)))
        print("SIGTERM after \(sent.count) of \(sent.count + planned.count) sent; the second run sent \(planned.count)")
    }

    @Test("SIGHUP with a broken campaign file keeps the old set running and names file:line:column; a fixed file is reloaded")
    func reloadRefusedThenAccepted() throws {
        let fixture = try DaemonFixture(generated: 20, birthday: "06-15", samples: false, zones: ["UTC"])
        let campaigns = try fixture.useCopiedCampaigns()
        let birthdayFile = campaigns.appendingPathComponent("birthday.yaml")
        let original = try String(contentsOf: birthdayFile, encoding: .utf8)
        let notify = try DatagramReceiver.inTemporaryFolder()
        let daemon = try Daemon(fixture, ["run", "--now", Self.noon], environment: [
            "KEEPSAKE_DAEMON_TICK": "1s", "NOTIFY_SOCKET": notify.notifySocket,
        ])
        defer { daemon.killIfRunning() }
        _ = try notify.next(containing: "READY=1")

        // Break the trigger line: the YAML no longer parses.
        var lines = original.components(separatedBy: "\n")
        let triggerLine = try #require(lines.firstIndex { $0.hasPrefix("trigger:") })
        lines[triggerLine] = "trigger: {birthday: [}"
        try lines.joined(separator: "\n").write(to: birthdayFile, atomically: true, encoding: .utf8)
        kill(daemon.process.processIdentifier, SIGHUP)
        try daemon.wait("the log says the reload was refused") { daemon.log().contains("reload refused") }
        let refusal = try #require(daemon.log().split(separator: "\n").first { $0.contains("reload refused") })
        #expect(refusal.contains(try Regex("birthday\\.yaml:\(triggerLine + 1):[0-9]+: ")), "\(refusal)")
        _ = try notify.next(containing: "RELOADING=1")
        #expect(try notify.next(containing: "READY=1").contains("refused"))
        try #require(daemon.process.isRunning, "the daemon stopped on a broken campaign file: \(daemon.logTail())")

        // Customers added now have their birthday today: a later tick sends them the old set's mail.
        try fixture.addGeneratedCustomers(5, first: 1_000, birthday: "06-15", zones: ["UTC"])
        let late = Set((1_000..<1_005).map { "gen\($0)@keepsake.test" })
        let store = try KeepsakeStore(path: fixture.database)
        var lateDeliveries: [LedgerDelivery] = []
        try daemon.wait("birthday mail for the customers added after the refused reload") {
            lateDeliveries = try store.deliveries(status: .sent, limit: 1_000).filter { $0.customerID?.hasPrefix("g010") == true }
            return lateDeliveries.count == late.count
        }
        #expect(lateDeliveries.allSatisfy { $0.campaignID == "birthday" })
        #expect(late.isSubset(of: try fixture.server.messages().flatMap(\.recipients)))

        // Fixed differently (a new name): accepted.
        try original.replacingOccurrences(of: "name: Birthday surprise", with: "name: Birthday surprise, reloaded")
            .write(to: birthdayFile, atomically: true, encoding: .utf8)
        kill(daemon.process.processIdentifier, SIGHUP)
        try daemon.wait("the log says the files were reloaded") { daemon.log().contains("msg=reloaded") }
        _ = try notify.next(containing: "RELOADING=1")
        #expect(try notify.next(containing: "READY=1").contains("reloaded"))

        kill(daemon.process.processIdentifier, SIGTERM)
        try daemon.waitForExit()
        #expect(daemon.process.terminationReason == .exit && daemon.process.terminationStatus == 0, "\(daemon.logTail())")
    }

    @Test("a refused reload keeps a pause the relay caused; a successful one lifts it (the operator fixed the settings)")
    func reloadLiftsRelayPause() throws {
        let fixture = try DaemonFixture(
            generated: 5, birthday: "06-15", samples: false, zones: ["UTC"], serverOptions: .init(mailFromReject: "550"))
        let campaigns = try fixture.useCopiedCampaigns()
        let calendarFile = campaigns.appendingPathComponent("calendar.yaml")
        let calendar = try String(contentsOf: calendarFile, encoding: .utf8)
        let daemon = try Daemon(fixture, ["run", "--now", Self.noon], environment: ["KEEPSAKE_DAEMON_TICK": "600s"])
        defer { daemon.killIfRunning() }
        let store = try KeepsakeStore(path: fixture.database)
        try daemon.wait("the relay's refusal to pause sending") { try store.sendingPause()?.cause == .relay }

        try (calendar + "\nmax_per_day: [\n").write(to: calendarFile, atomically: true, encoding: .utf8)
        kill(daemon.process.processIdentifier, SIGHUP)
        try daemon.wait("the log says the reload was refused") { daemon.log().contains("reload refused") }
        #expect(try store.sendingPause()?.cause == .relay, "a refused reload lifted the pause")

        try calendar.write(to: calendarFile, atomically: true, encoding: .utf8)
        kill(daemon.process.processIdentifier, SIGHUP)
        try daemon.wait("the log says the files were reloaded") { daemon.log().contains("msg=reloaded") }
        let reloaded = try #require(daemon.log().split(separator: "\n").first { $0.contains("msg=reloaded") })
        #expect(reloaded.contains("resumed_after="), "\(reloaded)")
        #expect(try store.sendingPause() == nil)
        kill(daemon.process.processIdentifier, SIGTERM)
        try daemon.waitForExit()
        #expect(daemon.process.terminationReason == .exit && daemon.process.terminationStatus == 0, "\(daemon.logTail())")
    }

    @Test("SIGHUP the moment READY=1 arrives reloads: the daemon traps SIGHUP before it says it is ready (5 starts)")
    func hangupRightAfterReady() throws {
        let fixture = try DaemonFixture(generated: 0, birthday: "06-15", samples: false)
        for start in 1...5 {
            let notify = try DatagramReceiver.inTemporaryFolder()
            let daemon = try Daemon(fixture, ["run", "--now", Self.noon], environment: [
                "KEEPSAKE_DAEMON_TICK": "600s", "NOTIFY_SOCKET": notify.notifySocket,
            ])
            defer { daemon.killIfRunning() }
            _ = try notify.next(containing: "READY=1")
            // systemd may send `systemctl reload`'s SIGHUP as soon as it hears READY=1.
            kill(daemon.process.processIdentifier, SIGHUP)
            try daemon.wait("reloading (start \(start))") { daemon.log().contains("msg=reloaded") }
            kill(daemon.process.processIdentifier, SIGTERM)
            try daemon.waitForExit()
            #expect(daemon.process.terminationReason == .exit && daemon.process.terminationStatus == 0, "\(daemon.logTail())")
        }
    }

    @Test("systemd notify: READY=1 with a STATUS at start, STATUS after a tick, WATCHDOG=1 when WATCHDOG_USEC is set, STOPPING=1 on SIGTERM")
    func notifiesSystemd() throws {
        let fixture = try DaemonFixture(generated: 12, birthday: "06-15", samples: false, zones: ["UTC"])
        let notify = try DatagramReceiver.inTemporaryFolder()
        let daemon = try Daemon(fixture, ["run", "--now", Self.noon], environment: [
            "KEEPSAKE_DAEMON_TICK": "600s", "NOTIFY_SOCKET": notify.notifySocket, "WATCHDOG_USEC": "2000000",
        ])
        defer { daemon.killIfRunning() }
        let ready = try notify.next(containing: "READY=1")
        let status = try #require(ready.split(separator: "\n").first { $0.hasPrefix("STATUS=") })
        #expect(status.count > "STATUS=".count, "an empty status line")
        #expect(try notify.next(containing: "STATUS=last tick").contains("sent"))
        _ = try notify.next(containing: "WATCHDOG=1")
        kill(daemon.process.processIdentifier, SIGTERM)
        _ = try notify.next(containing: "STOPPING=1")
        try daemon.waitForExit()
        #expect(daemon.process.terminationReason == .exit && daemon.process.terminationStatus == 0, "\(daemon.logTail())")
    }
}

/// A `keepsake run` service started for a test, with its log.
struct Daemon {
    let process: Process
    let logFile: URL
    /// How long to wait for what must happen (a generous guard against a hang, not a timing check).
    static let patience: TimeInterval = 300

    init(_ fixture: DaemonFixture, _ arguments: [String], environment: [String: String]) throws {
        (process, logFile) = try fixture.launch(arguments, extraEnvironment: environment)
    }

    func log() -> String { (try? String(contentsOf: logFile, encoding: .utf8)) ?? "" }

    func logTail() -> String { String(log().suffix(2_000)) }

    /// Polls `condition` until it holds; throws when the daemon exits or patience runs out first.
    func wait(_ what: String, until condition: () throws -> Bool) throws {
        let deadline = Date().addingTimeInterval(Self.patience)
        while try !condition() {
            guard process.isRunning else { throw FixtureError("the daemon exited before \(what): \(logTail())") }
            guard Date() < deadline else { throw FixtureError("gave up waiting for \(what): \(logTail())") }
            usleep(20_000)
        }
    }

    func waitForExit() throws {
        let deadline = Date().addingTimeInterval(Self.patience)
        while process.isRunning && Date() < deadline { usleep(20_000) }
        guard !process.isRunning else { throw FixtureError("the daemon did not exit: \(logTail())") }
        process.waitUntilExit()
    }

    func killIfRunning() {
        guard process.isRunning else { return }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }
}

extension DatagramReceiver {
    /// The next datagram containing `text`, skipping the others (STATUS lines after each tick).
    func next(containing text: String) throws -> String {
        var skipped: [String] = []
        let deadline = Date().addingTimeInterval(Daemon.patience)
        while Date() < deadline {
            // `next()` gives up after 10 s without a datagram: a busy machine may need longer.
            guard let datagram = try? next() else { continue }
            if datagram.contains(text) { return datagram }
            skipped.append(datagram)
        }
        throw FixtureError("no datagram with \(text); received: \(skipped.suffix(20))")
    }
}

extension DaemonFixture {
    /// How many messages the capture server has stored so far, without reading them.
    func spooledMessageCount() throws -> Int {
        try FileManager.default.contentsOfDirectory(atPath: server.spoolDirectory.path).count { $0.hasSuffix(".eml") }
    }

    /// How many times the relay received each Message-ID.
    func receivedMessageIDs() throws -> [String: Int] {
        var received: [String: Int] = [:]
        for message in try server.messages() {
            received[try #require(DaemonCrashTests.messageID(of: message.raw)), default: 0] += 1
        }
        return received
    }
}
