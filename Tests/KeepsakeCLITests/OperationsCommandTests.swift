import Calendars
import Foundation
import Store
import Testing

/// The operator's commands around the daemon: suppression, pause and resume, status, in-doubt
/// deliveries and backups, each with the mistakes an operator makes.
@Suite("keepsake suppression, pause, resume, status, deliveries, backup")
struct OperationsCommandTests {
    let directory: URL
    let database: String

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("keepsake-operations-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        database = directory.appendingPathComponent("keepsake.sqlite").path
    }

    func keepsake(_ arguments: [String]) throws -> KeepsakeBinary.Result {
        try KeepsakeBinary.run(arguments + ["--database", database])
    }

    @Test func suppressionRoundTripAndMistakes() throws {
        let added = try keepsake(["suppression", "add", "Sara@Example.com", "--reason", "asked by phone"])
        #expect(added.status == 0, "\(added.standardError)")
        let again = try keepsake(["suppression", "add", "sara@example.com", "--reason", "twice"])
        #expect(again.standardOutput.contains("already suppressed"))
        let list = try keepsake(["suppression", "list"])
        #expect(list.standardOutput.contains("sara@example.com") && list.standardOutput.contains("asked by phone"))
        #expect(list.standardOutput.contains("1 suppressed"))
        #expect(try keepsake(["suppression", "remove", "sara@example.com"]).status == 0)
        let missing = try keepsake(["suppression", "remove", "sara@example.com"])
        #expect(missing.status == 1 && missing.standardError.contains("is not suppressed"))
        #expect(try keepsake(["suppression", "add", "sara@example.com"]).status == 64, "--reason is required")
        let badAddress = try keepsake(["suppression", "add", "not an address", "--reason", "x"])
        #expect(badAddress.status == 64 && badAddress.standardError.contains("not an address"), "\(badAddress.standardError)")
    }

    @Test func pauseShowsInStatusUntilResume() throws {
        let paused = try keepsake(["pause", "--reason", "relay maintenance"])
        #expect(paused.status == 0 && paused.standardOutput.contains("relay maintenance"))
        let status = try keepsake(["status", "--now", "2026-03-21T12:00:00Z"])
        #expect(status.status == 2, "a pause needs an operator's look")
        #expect(status.standardOutput.contains("SENDING PAUSED (operator"), "\(status.standardOutput)")
        #expect(status.standardOutput.contains("consent ledger: verified, 0 events"))
        #expect(try keepsake(["resume"]).standardOutput.contains("sending resumed"))
        let after = try keepsake(["status", "--now", "2026-03-21T12:00:00Z"])
        #expect(after.status == 0, "\(after.standardOutput)")
        #expect(after.standardOutput.contains("sending: active"))
        #expect(try keepsake(["resume"]).standardOutput.contains("was not paused"))
        #expect(try keepsake(["status", "--date", "21/03/2026"]).status == 64)
        // Every command that looks at the clock refuses the same garbage the same way.
        for command in [["status"], ["run", "--once"], ["preview", "--date", "2026-03-21"]] {
            let garbage = try keepsake(command + ["--now", "yesterday"])
            #expect(garbage.status == 64, "\(command)")
            #expect(garbage.standardError.contains("--now yesterday: write an instant with its offset"), "\(garbage.standardError)")
        }
    }

    @Test func resolvingSomethingNotInDoubtIsRefused() throws {
        _ = try KeepsakeStore(path: database)
        let unknown = try keepsake(["deliveries", "resolve", "42", "--sent"])
        #expect(unknown.status == 1 && unknown.standardError.contains("no delivery 42"), "\(unknown.standardError)")
        #expect(try keepsake(["deliveries", "resolve", "42", "--sent", "--resend"]).status == 64)
        #expect(try keepsake(["deliveries", "resolve", "42"]).status == 64)
        #expect(try keepsake(["deliveries", "resolve", "forty-two", "--sent"]).status == 64)
        let badStatus = try keepsake(["deliveries", "list", "--status", "lost"])
        #expect(badStatus.status == 64 && badStatus.standardError.contains("in_doubt"), "\(badStatus.standardError)")
        #expect(try keepsake(["deliveries", "list", "--status", "in_doubt"]).status == 0)
    }

    @Test func backupCopiesTheStoreAndNeverOverwrites() throws {
        #expect(try keepsake(["suppression", "add", "omid@example.com", "--reason", "bounced elsewhere"]).status == 0)
        let copy = directory.appendingPathComponent("copy.sqlite").path
        let backup = try keepsake(["backup", copy])
        #expect(backup.status == 0, "\(backup.standardError)")
        #expect(try KeepsakeStore(path: copy).suppressions().map(\.email) == ["omid@example.com"])
        let again = try keepsake(["backup", copy])
        #expect(again.status == 1 && again.standardError.contains("already exists"), "\(again.standardError)")
    }

    /// `count` deliveries of `campaign` for `day` left in doubt by a daemon stopped at `stoppedAt`.
    private func leaveInDoubt(count: Int, campaign: String, day: String, first: Int, stoppedAt: String) throws {
        let store = try KeepsakeStore(path: database)
        let instant = try #require(ISO8601DateFormatter().date(from: stoppedAt))
        let rows = (first..<first + count).map { index in
            LedgerDelivery(
                campaignID: campaign, customerID: "c\(index)", occurrenceDate: try! LocalDate(parsing: day),
                day: try! LocalDate(parsing: day), email: "c\(index)@example.com", segment: "everyone", template: campaign,
                locale: "en", timeZone: TimeZone(identifier: "UTC")!, years: nil, sendAt: instant, expiresAt: instant.addingTimeInterval(36_000),
                messageID: "<c\(index).\(day)@shop.example>", status: .sending, plannedAt: instant)
        }
        #expect(try store.recordDue(rows).count == count)
        #expect(try store.recoverInterrupted(now: instant, resend: false).count == count)
    }

    @Test func everyInDoubtDeliveryIsCountedFilteredAndSettledAtOnce() throws {
        try leaveInDoubt(count: 130, campaign: "birthday", day: "2026-05-10", first: 1, stoppedAt: "2026-05-10T08:00:00Z")
        try leaveInDoubt(count: 20, campaign: "nowruz", day: "2026-05-11", first: 500, stoppedAt: "2026-05-11T08:00:00Z")
        let status = try keepsake(["status", "--now", "2026-05-11T09:00:00Z"])
        #expect(status.status == 2)
        #expect(status.standardOutput.contains("in doubt: 150 "), "\(status.standardOutput)")
        #expect(status.standardOutput.contains("showing the first 100 of 150 in_doubt"))

        let all = try keepsake(["deliveries", "list", "--status", "in_doubt"])
        #expect(all.standardOutput.contains("showing the first 100 of 150 in_doubt; narrow it with --day and --campaign"))
        let oneDay = try keepsake(["deliveries", "list", "--status", "in_doubt", "--day", "2026-05-11"])
        #expect(oneDay.standardOutput.hasSuffix("\n20 in_doubt\n"), "\(oneDay.standardOutput)")
        let oneCampaign = try keepsake(["deliveries", "list", "--campaign", "birthday", "--limit", "200"])
        #expect(oneCampaign.standardOutput.hasSuffix("\n130 in_doubt\n"))
        #expect(try keepsake(["deliveries", "list", "--day", "11/05/2026"]).status == 64)

        let unconfirmed = try keepsake(["deliveries", "resolve", "--before", "2026-05-11T00:00:00Z", "--resend"])
        #expect(unconfirmed.status == 64 && unconfirmed.standardError.contains("add --yes"), "\(unconfirmed.standardError)")
        #expect(try keepsake(["deliveries", "resolve", "7", "--before", "2026-05-11T00:00:00Z", "--sent", "--yes"]).status == 64)
        let settled = try keepsake([
            "deliveries", "resolve", "--before", "2026-05-11T00:00:00Z", "--resend", "--yes", "--now", "2026-05-11T09:00:00Z",
        ])
        #expect(settled.status == 0, "\(settled.standardError)")
        #expect(settled.standardOutput.contains("settled 130 in-doubt deliveries from before 2026-05-11T00:00:00Z as resend"))
        let one = try keepsake(["deliveries", "resolve", "131", "--sent", "--now", "2026-05-11T09:05:00Z"])
        #expect(one.status == 0 && one.standardOutput.contains("delivery 131 is now sent"), "\(one.standardError)")
        #expect(try keepsake(["deliveries", "list", "--status", "deferred", "--limit", "500"]).standardOutput.hasSuffix("\n130 deferred\n"))
        #expect(try keepsake(["status", "--now", "2026-05-11T09:10:00Z"]).standardOutput.contains("in doubt: 19 "))
    }

    @Test func pauseAndResumeTakeTheSimulatedInstant() throws {
        let paused = try keepsake(["pause", "--reason", "relay maintenance", "--now", "2026-03-21T08:00:00Z"])
        #expect(paused.status == 0, "\(paused.standardError)")
        let status = try keepsake(["status", "--now", "2026-03-21T09:00:00Z"])
        #expect(status.standardOutput.contains("SENDING PAUSED (operator, since 2026-03-21T08:00:00Z)"), "\(status.standardOutput)")
        let resumed = try keepsake(["resume", "--now", "2026-03-21T09:30:00Z"])
        #expect(resumed.standardOutput.contains("sending resumed at 2026-03-21T09:30:00Z after 90 min"), "\(resumed.standardOutput)")
        for command in [["pause"], ["resume"], ["deliveries", "resolve", "1", "--sent"]] {
            let garbage = try keepsake(command + ["--now", "yesterday"])
            #expect(garbage.status == 64 && garbage.standardError.contains("--now yesterday"), "\(command)")
        }
    }

    @Test func aDropIsLoggedCountedAndListedWithItsReason() throws {
        // Born on 10 May in Tehran; the birthday's grace (1 day) ends with the window of 11 May,
        // already closed at this tick: the delivery is dropped.
        let fixture = try DaemonFixture(generated: 2, birthday: "05-10", samples: false, zones: ["Asia/Tehran"])
        let tick = try fixture.keepsake(["run", "--once", "--now", "2026-05-11T17:00:00Z"])
        #expect(tick.status == 0, "\(tick.standardError)")
        #expect(tick.standardOutput.contains("recorded=2 dropped=2"), "\(tick.standardOutput)")
        let drops = tick.standardError.split(separator: "\n").filter { $0.contains("msg=\"delivery dropped\"") }
        #expect(drops.count == 2, "\(tick.standardError)")
        #expect(drops.allSatisfy { $0.contains("campaign=birthday") && $0.contains("reason=\"window closed\"")
            && $0.contains("day=2026-05-11") && $0.contains("status=dropped") })
        #expect(tick.standardError.contains("msg=tick") && tick.standardError.contains("dropped=2"))

        let list = try fixture.keepsake(["deliveries", "list", "--status", "dropped", "--campaign", "birthday"], files: false)
        #expect(list.standardOutput.contains("reason"), "\(list.standardOutput)")
        #expect(list.standardOutput.split(separator: "\n").filter { $0.contains("dropped  window closed") }.count == 2)
        let preview = try fixture.keepsake(["preview", "--date", "2026-05-11", "--now", "2026-05-11T17:00:00Z", "--campaign", "birthday"])
        #expect(preview.standardOutput.components(separatedBy: "dropped (window closed)").count == 3, "\(preview.standardOutput)")
        let explain = try fixture.keepsake(["explain", "--customer", "g00000", "--date", "2026-05-11", "--now", "2026-05-11T17:00:00Z"])
        #expect(explain.standardOutput.contains("birthday: already dropped (window closed) on 2026-05-11"), "\(explain.standardOutput)")
    }
}
