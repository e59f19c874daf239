import Foundation
import KeepsakeTestSupport
import SMTP
import Store
import Testing
import Scheduler
@testable import KeepsakeDaemon
import PlannerTestSupport

/// Permanent refusals against the real capture server, by ``PermanentFailureRule``: a bad
/// recipient fails and is suppressed for good; a refused sending setup (relay policy, login, the
/// sender's address) pauses all sending and leaves the deliveries waiting as if nothing had been
/// tried; any other refusal fails the one delivery.
@Suite struct DispatchRefusalTests {
    /// 5.1.1, 5.1.6, 5.1.3, and a RCPT 550 without an enhanced status.
    @Test(arguments: ["rcpt-550", "rcpt-551", "rcpt-553", "rcpt-554", "rcpt-550-none"])
    func aRefusedRecipientFailsIsSuppressedAndNeverTriedAgain(script: String) async throws {
        let server = try CaptureServer.start()
        let fixture = try DispatchFixture([scripted("sara", script), scripted("omid", nil)])
        let code = String(script.dropFirst("rcpt-".count).prefix(3))
        let report = try await fixture.tick(at: DispatchFixture.opening, relay: server.url)
        #expect(report.outcomes == ["failed": 1, "sent": 1])
        #expect(report.pausedBecause == nil)
        let failed = try fixture.row("sara")
        #expect(failed.status == .failed)
        #expect(failed.attempts == 1)
        #expect(failed.lastStage == "recipient")
        #expect(failed.lastReply?.hasPrefix(code) == true, "\(failed.lastReply ?? "no reply")")

        let suppressions = try fixture.store.suppressions()
        #expect(suppressions.count == 1)
        #expect(suppressions.first?.email == "\(script)+sara@keepsake.test")
        #expect(suppressions.first?.reason == "hard bounce")
        #expect(suppressions.first?.reply == failed.lastReply)
        #expect(suppressions.first?.deliveryID == failed.id)
        #expect(suppressions.first?.createdBy == "keepsake run")

        for later in [DispatchFixture.opening.addingTimeInterval(3_600), DispatchFixture.closing.addingTimeInterval(-1)] {
            let again = try await fixture.tick(at: later, relay: server.url)
            #expect(again.attempts == 0)
        }
        #expect(try server.recipientCommands(startingWith: script) == 1)
        #expect(try server.messages().map(\.recipients) == [["omid@keepsake.test"]])
        try server.expectWellFormedMessages()

        // What `keepsake preview` shows for next year's birthday: omid, and no longer sara.
        let planner = Planner(
            calendar: fixture.files.calendar, campaigns: fixture.files.campaigns, store: fixture.store,
            history: LedgerHistory(store: fixture.store))
        let nextYear = try planner.plan(now: instant("2027-05-10T10:00:00+03:30"), days: day("2027-05-10")...day("2027-05-10"))
        #expect(nextYear.map(\.customerID) == ["omid"])
    }

    /// The issue's relay: every MAIL FROM refused with "553 5.1.8 … Sender address rejected: Domain
    /// not found". A 5.1.x status, but at MAIL FROM it is about the shop's sender: sending pauses
    /// after the first refusal and nobody is suppressed.
    @Test func aSenderDomainRefusedAtMailFromPausesAndSuppressesNobody() async throws {
        let server = try CaptureServer.start(
            .init(mailFromReject: "553 5.1.8 <{address}>: Sender address rejected: Domain not found"))
        let fixture = try DispatchFixture([scripted("sara", nil), scripted("omid", nil), scripted("nima", nil)])
        let report = try await fixture.tick(at: DispatchFixture.opening, relay: server.url)
        #expect(report.outcomes == ["planned": 1], "one refusal, then the tick stops")
        let pause = try #require(try fixture.store.sendingPause())
        #expect(pause.cause == .relay)
        #expect(pause.reason.contains("553 5.1.8 <\(DispatchFixture.envelopeSender)>: Sender address rejected"))
        #expect(pause.reason.contains("mail_from"))
        #expect(report.pausedBecause == pause.reason)
        for id in ["sara", "omid", "nima"] {
            let row = try fixture.row(id)
            #expect(row.status == .planned, "\(id)")
            #expect(row.attempts == 0, "\(id)")
        }
        #expect(try fixture.store.suppressions().isEmpty)
        #expect(try server.events().count { $0.kind == "rcpt" } == 0)
    }

    /// The same sender refusal delayed to RCPT (Postfix's default), and a 550 5.7.1 to the
    /// recipient: about the sender and the relay's policy, so sending pauses, nobody is suppressed.
    @Test(arguments: ["rcpt-553-5.1.8", "rcpt-550-5.1.7", "rcpt-550-5.7.1"])
    func aSenderOrPolicyRefusalAtRecipientPauses(script: String) async throws {
        let server = try CaptureServer.start()
        let fixture = try DispatchFixture([scripted("sara", script)])
        let report = try await fixture.tick(at: DispatchFixture.opening, relay: server.url)
        #expect(report.outcomes == ["planned": 1])
        let pause = try #require(try fixture.store.sendingPause())
        #expect(pause.cause == .relay)
        #expect(pause.reason.contains(String(script.dropFirst("rcpt-".count)).replacingOccurrences(of: "-", with: " ")))
        #expect(try fixture.row("sara").status == .planned)
        #expect(try fixture.row("sara").attempts == 0)
        #expect(try fixture.store.suppressions().isEmpty)
    }

    /// "552 5.2.2 Mailbox full" and a 5.1.0 at RCPT: the delivery fails, the address stays.
    @Test(arguments: ["rcpt-552", "rcpt-550-5.1.0"])
    func anotherPermanentRefusalFailsTheDeliveryWithoutSuppressing(script: String) async throws {
        let server = try CaptureServer.start()
        let fixture = try DispatchFixture([scripted("sara", script), scripted("omid", nil)])
        let report = try await fixture.tick(at: DispatchFixture.opening, relay: server.url)
        #expect(report.outcomes == ["failed": 1, "sent": 1])
        #expect(report.pausedBecause == nil)
        #expect(try fixture.store.sendingPause() == nil)
        let failed = try fixture.row("sara")
        #expect(failed.status == .failed)
        #expect(failed.lastStage == "recipient")
        #expect(try fixture.store.suppressions().isEmpty)
    }

    /// "554 5.7.1 Relay access denied" at RCPT is the relay refusing to relay for Keepsake, not
    /// a bad address: suppressing would empty the list one customer at a time, so it pauses.
    @Test func relayAccessDeniedAtRecipientPausesInsteadOfSuppressing() async throws {
        let server = try CaptureServer.start()
        let fixture = try DispatchFixture([scripted("sara", "relay-denied-at-rcpt")])
        let report = try await fixture.tick(at: DispatchFixture.opening, relay: server.url)
        #expect(report.outcomes == ["planned": 1])
        let pause = try #require(try fixture.store.sendingPause())
        #expect(pause.cause == .relay)
        #expect(pause.reason.contains("554 5.7.1"))
        #expect(report.pausedBecause == pause.reason)
        let waiting = try fixture.row("sara")
        #expect(waiting.status == .planned)
        #expect(waiting.attempts == 0)
        #expect(try fixture.store.suppressions().isEmpty)
    }

    /// A wrong SMTP password (535) pauses sending; the deliveries wait with no attempt counted and
    /// nobody is suppressed. Paused ticks touch no relay; after `resume` and the right password
    /// everything goes.
    @Test func aRefusedLoginPausesSendingUntilResumedWithTheRightPassword() async throws {
        let server = try CaptureServer.start(.init(authUser: "keepsake", authPassword: "s3cret"))
        let fixture = try DispatchFixture([scripted("sara", nil), scripted("omid", nil), scripted("nima", nil)])
        let wrong = SMTPConfiguration.Credentials(username: "keepsake", password: "wrong")
        let right = SMTPConfiguration.Credentials(username: "keepsake", password: "s3cret")

        let refused = try await fixture.tick(at: DispatchFixture.opening, relay: server.url, credentials: wrong)
        #expect(refused.recorded == 3)
        #expect(refused.outcomes == ["planned": 1], "one login refusal, then the tick stops")
        let pause = try #require(try fixture.store.sendingPause())
        #expect(pause.cause == .relay)
        #expect(pause.reason.contains("535"))
        #expect(pause.reason.contains("authentication"))
        for id in ["sara", "omid", "nima"] {
            let row = try fixture.row(id)
            #expect(row.status == .planned, "\(id)")
            #expect(row.attempts == 0, "\(id)")
        }
        #expect(try fixture.store.suppressions().isEmpty)
        #expect(try server.events().filter { $0.kind == "auth" }.map(\.ok) == [false])

        let connections = try server.connectionCount()
        let paused = try await fixture.tick(at: DispatchFixture.opening.addingTimeInterval(120), relay: server.url, credentials: right)
        #expect(paused.attempts == 0)
        #expect(paused.pausedBecause == pause.reason)
        #expect(try server.connectionCount() == connections)
        #expect(try server.messages().isEmpty)

        #expect(try fixture.store.resumeSending(causes: [.relay]) == pause)
        let resumed = try await fixture.tick(at: DispatchFixture.opening.addingTimeInterval(180), relay: server.url, credentials: right)
        #expect(resumed.outcomes == ["sent": 3])
        #expect(resumed.pausedBecause == nil)
        for id in ["sara", "omid", "nima"] {
            let row = try fixture.row(id)
            #expect(row.status == .sent, "\(id)")
            #expect(row.attempts == 1, "\(id)")
        }
        let messages = try server.messages()
        #expect(messages.count == 3)
        #expect(messages.allSatisfy { $0.authenticatedUser == "keepsake" })
        try server.expectWellFormedMessages()
    }
}
