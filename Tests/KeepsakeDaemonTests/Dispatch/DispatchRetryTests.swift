import Foundation
import KeepsakeTestSupport
import Store
import Testing
import Scheduler
@testable import KeepsakeDaemon
import PlannerTestSupport

/// Temporary refusals against the real capture server: retried by the ``RetryPolicy`` inside the
/// send window until the relay accepts, or until the grace runs out. Time moves only by `tick(now:)`.
@Suite struct DispatchRetryTests {
    /// The bounds of `RetryPolicy.standard`'s delay after attempt `attempt`: the step ±20 %.
    private func retryBounds(after attempt: Int) -> ClosedRange<TimeInterval> {
        let step = RetryPolicy.standard.delays[min(attempt, RetryPolicy.standard.delays.count) - 1]
        let seconds = TimeInterval(step.components.seconds)
        return seconds * 0.8...seconds * 1.2
    }

    @Test(arguments: [("rcpt-421-x1", 1), ("rcpt-451-x2", 2), ("rcpt-452-x1", 1), ("rcpt-454-x1", 1)])
    func aTemporaryRefusalIsRetriedUntilTheRelayAcceptsOneCopy(script: String, failures: Int) async throws {
        let server = try CaptureServer.start()
        let fixture = try DispatchFixture([scripted("sara", script)])
        let code = String(script.dropFirst("rcpt-".count).prefix(3))
        try await fixture.withDispatcher(relay: server.url) { dispatcher in
            var now = DispatchFixture.opening
            let first = try await dispatcher.tick(now: now, files: fixture.files)
            #expect(first.recorded == 1)
            #expect(first.outcomes == ["deferred": 1])
            for attempt in 1...failures {
                let deferred = try fixture.row("sara")
                #expect(deferred.status == .deferred)
                #expect(deferred.attempts == attempt)
                #expect(deferred.lastStage == "recipient")
                #expect(deferred.lastReply?.hasPrefix(code) == true, "\(deferred.lastReply ?? "no reply")")
                #expect(retryBounds(after: attempt).contains(deferred.nextAttemptAt.timeIntervalSince(now)))
                #expect(deferred.nextAttemptAt > DispatchFixture.opening && deferred.nextAttemptAt < DispatchFixture.closing)
                // Just before the retry instant nothing is attempted.
                let early = try await dispatcher.tick(now: deferred.nextAttemptAt.addingTimeInterval(-1), files: fixture.files)
                #expect(early.attempts == 0)
                now = deferred.nextAttemptAt
                let report = try await dispatcher.tick(now: now, files: fixture.files)
                #expect(report.recorded == 0)
                #expect(report.outcomes == [attempt == failures ? "sent" : "deferred": 1])
            }
            let sent = try fixture.row("sara")
            #expect(sent.status == .sent)
            #expect(sent.attempts == failures + 1)
            #expect(sent.sentAt == now)
            #expect(sent.lastReply?.hasPrefix("250") == true)
            // Later ticks leave a sent delivery alone.
            let later = try await dispatcher.tick(now: DispatchFixture.closing.addingTimeInterval(-60), files: fixture.files)
            #expect(later.attempts == 0)
        }
        let messages = try server.messages()
        try #require(messages.count == 1)
        #expect(messages[0].recipients == ["\(script)+sara@keepsake.test"])
        #expect(messages[0].mailFrom == DispatchFixture.envelopeSender)
        #expect(try server.recipientCommands(startingWith: script) == failures + 1)
        let check = try MessageChecker.check(fileAt: messages[0].fileURL)
        #expect(check.header("Message-ID") == (try fixture.row("sara")).messageID)
        #expect(check.subject == "Happy birthday, Sara! A gift from Sahab Shop")
        try server.expectWellFormedMessages()
    }

    /// A retry that would fall after the window's close waits for the next day's opening.
    @Test func aRetryAfterTheWindowClosesWaitsForTheNextDaysOpening() async throws {
        let server = try CaptureServer.start()
        let fixture = try DispatchFixture([scripted("sara", "rcpt-451")], grace: 1)
        let lateAttempt = instant("2026-05-10T19:59:30+03:30")
        let report = try await fixture.tick(at: lateAttempt, relay: server.url)
        #expect(report.outcomes == ["deferred": 1])
        let deferred = try fixture.row("sara")
        #expect(deferred.nextAttemptAt == instant("2026-05-11T10:00:00+03:30"))
        #expect(deferred.expiresAt == instant("2026-05-11T20:00:00+03:30"))
        // Nothing is tried during the night.
        let night = try await fixture.tick(at: instant("2026-05-11T02:00:00+03:30"), relay: server.url)
        #expect(night.attempts == 0)
        #expect(try server.recipientCommands(startingWith: "rcpt-451") == 1)
    }

    /// Without grace, a failure whose retry would come after the close ends the delivery at once.
    @Test func aFailureWithNoTimeLeftForARetryExpires() async throws {
        let server = try CaptureServer.start()
        let fixture = try DispatchFixture([scripted("sara", "rcpt-451")])
        let report = try await fixture.tick(at: instant("2026-05-10T19:59:30+03:30"), relay: server.url)
        #expect(report.outcomes == ["expired": 1])
        let expired = try fixture.row("sara")
        #expect(expired.status == .expired)
        #expect(expired.attempts == 1)
        #expect(expired.lastReply?.hasPrefix("451") == true)
    }

    /// A deferred delivery whose grace ran out before its retry is expired by the next tick, unsent.
    @Test func aDeferredDeliveryPastItsGraceExpiresOnTheNextTick() async throws {
        let server = try CaptureServer.start()
        let fixture = try DispatchFixture([scripted("sara", "rcpt-451-x1")])
        try await fixture.tick(at: DispatchFixture.opening, relay: server.url)
        #expect(try fixture.row("sara").status == .deferred)
        let report = try await fixture.tick(at: DispatchFixture.closing, relay: server.url)
        #expect(report.expired == 1)
        #expect(report.attempts == 0)
        let expired = try fixture.row("sara")
        #expect(expired.status == .expired)
        #expect(expired.attempts == 1)
        #expect(try server.recipientCommands(startingWith: "rcpt-451") == 1)
        #expect(try server.messages().isEmpty)
    }
}
