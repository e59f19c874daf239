import Foundation
import KeepsakeTestSupport
import Mail
import Store
import Testing
import Scheduler
@testable import KeepsakeDaemon
import PlannerTestSupport

/// The tick's flow against the real capture server: an unreachable relay, replies that never
/// come, consent withdrawn between planning and sending, and a tick with nothing to do.
@Suite struct DispatchFlowTests {
    /// The first connect failure stops the tick; the others wait untouched and all go, within
    /// their grace, once a relay answers.
    @Test func anUnreachableRelayStopsTheTickAndALiveOneLaterTakesEverything() async throws {
        let fixture = try DispatchFixture([scripted("sara", nil), scripted("omid", nil), scripted("nima", nil)])
        let down = try await fixture.tick(at: DispatchFixture.opening, relay: try closedRelayURL())
        #expect(down.recorded == 3)
        #expect(down.outcomes == ["deferred": 1])
        let rows = try ["sara", "omid", "nima"].map(fixture.row)
        let deferred = rows.filter { $0.status == .deferred }
        try #require(deferred.count == 1)
        #expect(deferred[0].attempts == 1)
        #expect(deferred[0].lastStage == "connect")
        #expect((48...72).contains(deferred[0].nextAttemptAt.timeIntervalSince(DispatchFixture.opening)))
        let untouched = rows.filter { $0.status == .planned }
        #expect(untouched.count == 2)
        #expect(untouched.allSatisfy { $0.attempts == 0 })
        #expect(try fixture.store.sendingPause() == nil, "an unreachable relay is not a reason to pause")

        let server = try CaptureServer.start()
        let retry = deferred[0].nextAttemptAt
        let up = try await fixture.tick(at: retry, relay: server.url)
        #expect(up.outcomes == ["sent": 3])
        for row in try ["sara", "omid", "nima"].map(fixture.row) {
            #expect(row.status == .sent, "\(row.customerID ?? "?")")
            #expect(row.sentAt == retry)
            #expect(retry < row.expiresAt)
        }
        #expect(try server.messages().count == 3)
        try server.expectWellFormedMessages()
    }

    /// A reply slower than the reply timeout is a temporary failure: retried, and delivered once
    /// the relay answers in time.
    @Test func aReplySlowerThanTheTimeoutIsDeferredAndRetried() async throws {
        let server = try CaptureServer.start()
        let fixture = try DispatchFixture([scripted("sara", "slow-rcpt-3")])
        let slow = try await fixture.tick(at: DispatchFixture.opening, relay: server.url, replyTimeout: .seconds(1))
        #expect(slow.outcomes == ["deferred": 1])
        let deferred = try fixture.row("sara")
        #expect(deferred.status == .deferred)
        #expect(deferred.lastStage == "recipient")
        #expect(try server.messages().isEmpty)

        let patient = try await fixture.tick(at: deferred.nextAttemptAt, relay: server.url, replyTimeout: .seconds(10))
        #expect(patient.outcomes == ["sent": 1])
        let sent = try fixture.row("sara")
        #expect(sent.status == .sent)
        #expect(sent.attempts == 2)
        #expect(try server.messages().count == 1)
        try server.expectWellFormedMessages()
    }

    /// No reply after the end-of-data marker: the relay may have the message. Under `hold` it stays
    /// in doubt and later ticks never send it again.
    @Test func noReplyAfterTheDataIsHeldInDoubtAndNeverResent() async throws {
        let server = try CaptureServer.start()
        let fixture = try DispatchFixture([scripted("sara", "no-reply-after-data")])
        let report = try await fixture.tick(at: DispatchFixture.opening, relay: server.url, replyTimeout: .seconds(1))
        #expect(report.outcomes == ["in_doubt": 1])
        let held = try fixture.row("sara")
        #expect(held.status == .inDoubt)
        #expect(held.attempts == 1)
        #expect(held.lastStage == "end_of_data")
        for later in [DispatchFixture.opening.addingTimeInterval(120), DispatchFixture.opening.addingTimeInterval(7_200)] {
            let again = try await fixture.tick(at: later, relay: server.url, replyTimeout: .seconds(1))
            #expect(again.attempts == 0)
            #expect(again.expired == 0)
        }
        #expect(try fixture.row("sara").status == .inDoubt)
        #expect(try server.events().filter { $0.kind == "data" }.map(\.outcome) == ["held"])
    }

    /// Under `resend` the same silence means: try again later (a possible duplicate rather than a loss).
    @Test func noReplyAfterTheDataIsRetriedUnderTheResendPolicy() async throws {
        let server = try CaptureServer.start()
        let fixture = try DispatchFixture([scripted("sara", "no-reply-after-data")])
        let report = try await fixture.tick(
            at: DispatchFixture.opening, relay: server.url, replyTimeout: .seconds(1), inDoubt: .resend)
        #expect(report.outcomes == ["deferred": 1])
        let deferred = try fixture.row("sara")
        #expect(deferred.status == .deferred)
        #expect(deferred.lastStage == "end_of_data")
        #expect((48...72).contains(deferred.nextAttemptAt.timeIntervalSince(DispatchFixture.opening)))
        let again = try await fixture.tick(
            at: deferred.nextAttemptAt, relay: server.url, replyTimeout: .seconds(1), inDoubt: .resend)
        #expect(again.attempts == 1)
        #expect(try fixture.row("sara").attempts == 2)
    }

    /// Consent withdrawn after the delivery was recorded (here while an operator paused sending)
    /// is seen at the claim: the delivery is cancelled and the relay receives nothing.
    @Test func consentWithdrawnBetweenPlanningAndSendingCancelsTheDelivery() async throws {
        let server = try CaptureServer.start()
        let fixture = try DispatchFixture([scripted("sara", nil), scripted("omid", nil)])
        try fixture.store.pauseSending(SendingPause(cause: .operator, reason: "keepsake pause", since: DispatchFixture.opening))
        let paused = try await fixture.tick(at: DispatchFixture.opening, relay: server.url)
        #expect(paused.recorded == 2)
        #expect(paused.attempts == 0)
        #expect(paused.pausedBecause == "keepsake pause")

        for id in ["sara", "omid"] {
            _ = try fixture.store.revoke(
                email: EmailAddress("\(id)@keepsake.test"), source: "one-click unsubscribe",
                occurredAt: DispatchFixture.opening.addingTimeInterval(30), recordedBy: "dispatch tests")
        }
        #expect(try fixture.store.resumeSending(causes: [.operator])?.cause == .operator)
        let report = try await fixture.tick(at: DispatchFixture.opening.addingTimeInterval(60), relay: server.url)
        #expect(report.cancelled == 2)
        #expect(report.attempts == 0)
        for id in ["sara", "omid"] {
            let row = try fixture.row(id)
            #expect(row.status == .cancelled, "\(id)")
            #expect(row.attempts == 0, "\(id)")
            #expect(row.lastReply?.hasPrefix("consent was withdrawn") == true, "\(row.lastReply ?? "no reply")")
        }
        #expect(try server.connectionCount() == 0)
        #expect(try server.messages().isEmpty)
    }

    /// A tick with nothing due opens no connection.
    @Test func aTickWithNothingDueTouchesNoRelay() async throws {
        let server = try CaptureServer.start()
        let fixture = try DispatchFixture([scripted("sara", nil)])
        let dawn = try await fixture.tick(at: instant("2026-05-10T09:59:00+03:30"), relay: server.url)
        #expect(dawn.recorded == 0)
        #expect(dawn.attempts == 0)
        #expect(try server.connectionCount() == 0)
        // The same store and relay do send when something is due: the zero above is not vacuous.
        let due = try await fixture.tick(at: DispatchFixture.opening, relay: server.url)
        #expect(due.sent == 1)
        #expect(try server.connectionCount() == 1)
        let afterwards = try await fixture.tick(at: DispatchFixture.opening.addingTimeInterval(3_600), relay: server.url)
        #expect(afterwards.recorded == 0)
        #expect(afterwards.attempts == 0)
        #expect(try server.connectionCount() == 1)
    }

    /// A customer whose address changed after the delivery was recorded: the consent checked and
    /// the ledger are about the old address, so nothing goes to either (no message whose To: names
    /// one address while the relay delivers it to another).
    @Test func anAddressChangedAfterPlanningIsNotSentToEither() async throws {
        let server = try CaptureServer.start()
        let fixture = try DispatchFixture([scripted("sara", nil), scripted("omid", nil)])
        try fixture.store.pauseSending(SendingPause(cause: .operator, reason: "keepsake pause", since: DispatchFixture.opening))
        try await fixture.tick(at: DispatchFixture.opening, relay: server.url)
        var moved = scripted("sara", nil)
        moved.email = try EmailAddress("sara.new@keepsake.test")
        try fixture.store.importSession(commit: true, recordedBy: "import customers.csv") { session in
            _ = try session.upsert(moved)
        }
        try fixture.store.resumeSending()
        let report = try await fixture.tick(at: DispatchFixture.opening.addingTimeInterval(60), relay: server.url)
        #expect(report.sent == 1)
        let stale = try fixture.row("sara")
        #expect(stale.status == .failed)
        #expect(stale.lastStage == "compose")
        #expect(stale.lastReply?.hasPrefix("the customer's email address changed") == true, "\(stale.lastReply ?? "no reply")")
        #expect(stale.lastReply?.contains("@") == false, "no address in the ledger's reply: forget does not clear it")
        #expect(try fixture.store.suppressions().isEmpty)
        let messages = try server.messages()
        #expect(messages.map(\.recipients) == [["omid@keepsake.test"]])
        for message in messages {
            #expect(try MessageChecker.check(fileAt: message.fileURL).to?.addrSpec == message.recipients.first)
        }
    }
}
