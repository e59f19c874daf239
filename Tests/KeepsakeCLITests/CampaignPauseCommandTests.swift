import Foundation
import KeepsakeTestSupport
import Testing

/// The automatic campaign pause end to end: real runs of the binary against the capture server,
/// a real complaint (ARF) piped in as an MTA would, `status`, and `resume --campaign`.
@Suite("Campaign pause, end to end")
struct CampaignPauseCommandTests {
    static let zones = ["UTC", "America/Los_Angeles"]

    /// The shipped campaigns plus `birthday-eve` (the day before a birthday), so that on 10 May
    /// one group of customers is due for `birthday` and another for `birthday-eve`.
    static func addBirthdayEve(_ fixture: DaemonFixture) throws {
        let campaigns = try fixture.useCopiedCampaigns()
        try """
            id: birthday-eve
            name: The day before the birthday
            trigger: {yearly: birthday, days_before: 1}
            grace: 1d
            segments:
              - {name: everyone, template: birthday}
            coupon: {prefix: EVE, percent: 10, valid_days: 14}
            topic: birthdays
            """.write(to: campaigns.appendingPathComponent("birthday-eve.yaml"), atomically: true, encoding: .utf8)
        let calendar = campaigns.appendingPathComponent("calendar.yaml")
        let text = try String(contentsOf: calendar, encoding: .utf8)
        try text.replacingOccurrences(of: "  - birthday.yaml\n", with: "  - birthday.yaml\n  - birthday-eve.yaml\n")
            .write(to: calendar, atomically: true, encoding: .utf8)
    }

    @Test("a complaint rate over the limit pauses only that campaign (stored, shown by status, kept across runs); the other campaign still sends; resume --campaign lifts it and the old complaint does not pause it again")
    func pauseIsolationAndResume() throws {
        // gen0…gen3: birthday on 11 May (birthday-eve on the 10th); gen4…gen7: birthday on 10 May. Even: UTC, odd: Los Angeles.
        let fixture = try DaemonFixture(generated: 4, birthday: "05-11", samples: false, zones: Self.zones)
        try fixture.addGeneratedCustomers(4, first: 4, birthday: "05-10", zones: Self.zones)
        try Self.addBirthdayEve(fixture)
        let spool = try InboundCommandTests.spool(in: fixture.directory)
        let settings = [
            "KEEPSAKE_SENDER_ENVELOPE_FROM": "bounces@shop.example", "KEEPSAKE_INBOUND_SPOOL": spool.path,
            "KEEPSAKE_INBOUND_CAMPAIGN_PAUSE_COMPLAINT_RATE": "10%", "KEEPSAKE_INBOUND_CAMPAIGN_PAUSE_MINIMUM_DELIVERIES": "2",
        ]
        let morning = try fixture.keepsake(["run", "--once", "--now", "2026-05-10T10:00:00Z"], extraEnvironment: settings)
        try #require(morning.status == 0, "\(morning.standardError)")
        let sent = try fixture.server.messages()
        #expect(Set(sent.flatMap(\.recipients)) == ["gen0@keepsake.test", "gen2@keepsake.test", "gen4@keepsake.test", "gen6@keepsake.test"])

        // gen4's provider reports its birthday message as spam.
        let complained = try #require(sent.first { $0.recipients == ["gen4@keepsake.test"] })
        let messageID = try #require(
            String(decoding: complained.raw, as: UTF8.self).split(separator: "\r\n").first { $0.lowercased().hasPrefix("message-id:") }
        ).dropFirst("Message-ID:".count).trimmingCharacters(in: .whitespaces)
        let report = fixture.directory.appendingPathComponent("arf.eml")
        try ReturnedMail.complaint(envelopeSender: complained.mailFrom, recipient: "gen4@keepsake.test", messageID: messageID)
            .write(to: report, atomically: true, encoding: .utf8)
        let piped = try KeepsakeBinary.run(["inbound"], environment: settings, timeLimit: 60, standardInput: report)
        try #require(piped.status == 0, "\(piped.standardError)")

        // The next run reads it, and the rule pauses birthday (1 of 2 ≥ 10 %), not birthday-eve (0 of 2).
        let read = try fixture.keepsake(["run", "--once", "--now", "2026-05-10T11:00:00Z"], extraEnvironment: settings)
        #expect(read.status == 0, "\(read.standardError)")
        #expect(read.standardOutput.contains("inbound: 1 message (consent_revoked 1)"), "\(read.standardOutput)")
        let journal = read.standardError.split(separator: "\n").filter { $0.contains("msg=\"campaign paused\"") }
        #expect(journal.count == 1, "\(read.standardError)")
        #expect(journal.first?.contains("campaign=birthday ") == true, "\(journal)")
        #expect(journal.first?.contains("complaint rate 50.00 % (1 of 2) over 30 days ≥ 10 %") == true, "\(journal)")

        let status = try fixture.keepsake(["status", "--now", "2026-05-10T17:00:00Z"], files: false, extraEnvironment: settings)
        #expect(status.status == 2, "\(status.standardOutput)\(status.standardError)")
        #expect(status.standardOutput.contains(
            "CAMPAIGN PAUSED birthday (since 2026-05-10T11:00:00Z): complaint rate 50.00 % (1 of 2) over 30 days ≥ 10 %; "
                + "lift it with keepsake resume --campaign birthday"), "\(status.standardOutput)")
        let rows = status.standardOutput.split(separator: "\n").map { $0.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ") }
        #expect(rows.contains("birthday 30d 2 0 (0.00 %) 1 (50.00 %)"), "\(status.standardOutput)")
        #expect(rows.contains("birthday-eve 1d 2 0 (0.00 %) 0 (0.00 %)"), "\(status.standardOutput)")
        #expect(status.standardOutput.contains("inbound mail: last read 2026-05-10T11:00:00Z, 1 message; in the last day 1 processed, 0 kept aside"),
                "\(status.standardOutput)")

        // A new process (a restart) keeps the pause: in Los Angeles the window opens; birthday-eve goes, birthday waits.
        let evening = try fixture.keepsake(["run", "--once", "--now", "2026-05-10T17:30:00Z"], extraEnvironment: settings)
        #expect(evening.status == 0, "\(evening.standardError)")
        let afterEvening = try fixture.server.messages().flatMap(\.recipients)
        #expect(afterEvening.count == 6, "\(afterEvening)")
        #expect(afterEvening.contains("gen1@keepsake.test") && afterEvening.contains("gen3@keepsake.test"))
        #expect(!afterEvening.contains("gen5@keepsake.test") && !afterEvening.contains("gen7@keepsake.test"))

        let unknown = try fixture.keepsake(["resume", "--campaign", "nowruz", "--now", "2026-05-10T17:45:00Z"], files: false)
        #expect(unknown.status == 1)
        #expect(unknown.standardError.contains("the campaign nowruz is not paused (paused: birthday)"), "\(unknown.standardError)")
        let resumed = try fixture.keepsake(["resume", "--campaign", "birthday", "--now", "2026-05-10T17:45:00Z"], files: false)
        #expect(resumed.status == 0, "\(resumed.standardError)")
        #expect(resumed.standardOutput.contains("campaign birthday resumed at 2026-05-10T17:45:00Z"), "\(resumed.standardOutput)")

        // The waiting birthday messages go out, and the complaint from before the resume pauses nothing.
        let late = try fixture.keepsake(["run", "--once", "--now", "2026-05-10T18:00:00Z"], extraEnvironment: settings)
        #expect(late.status == 0, "\(late.standardError)")
        let afterLate = try fixture.server.messages().flatMap(\.recipients)
        #expect(afterLate.contains("gen5@keepsake.test") && afterLate.contains("gen7@keepsake.test"), "\(afterLate)")
        let again = try fixture.keepsake(["run", "--once", "--now", "2026-05-10T18:30:00Z"], extraEnvironment: settings)
        #expect(!again.standardError.contains("campaign paused"), "\(again.standardError)")
        let after = try fixture.keepsake(["status", "--now", "2026-05-10T18:30:00Z"], files: false, extraEnvironment: settings)
        #expect(!after.standardOutput.contains("CAMPAIGN PAUSED"), "\(after.standardOutput)")
    }
}
