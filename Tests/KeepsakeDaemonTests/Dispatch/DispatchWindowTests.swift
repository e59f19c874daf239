import Foundation
import KeepsakeTestSupport
import Store
import Testing
import Scheduler
@testable import KeepsakeDaemon
import PlannerTestSupport

/// Whatever made a delivery wait — a retry, an operator's `resolve --resend`, a restart under
/// the `resend` policy — it reaches the customer only inside the send window of their day.
@Suite struct DispatchWindowTests {
    private let night = instant("2026-05-10T23:00:00+03:30")
    private let nextOpening = instant("2026-05-11T10:00:00+03:30")

    @Test func aResendResolvedAtNightWaitsForTheNextWindow() async throws {
        let server = try CaptureServer.start()
        let fixture = try DispatchFixture([scripted("sara", "no-reply-after-data")], grace: 1)
        try await fixture.tick(at: DispatchFixture.opening, relay: server.url, replyTimeout: .seconds(1))
        let held = try fixture.row("sara")
        try #require(held.status == .inDoubt)
        _ = try fixture.store.resolveInDoubt(held.id, as: .resend, by: "ops", now: night)

        let atNight = try await fixture.tick(at: night, relay: server.url, replyTimeout: .seconds(1))
        #expect(atNight.attempts == 0)
        #expect(try server.recipientCommands(startingWith: "no-reply-after-data") == 1)
        let waiting = try fixture.row("sara")
        #expect(waiting.status == .deferred)
        #expect(waiting.attempts == 1)
        #expect(waiting.nextAttemptAt == nextOpening)

        let morning = try await fixture.tick(at: nextOpening, relay: server.url, replyTimeout: .seconds(1))
        #expect(morning.attempts == 1)
        #expect(try server.recipientCommands(startingWith: "no-reply-after-data") == 2)
    }

    @Test func aDeliveryInterruptedByAStopIsResentAfterANightRestartOnlyInTheWindow() async throws {
        let server = try CaptureServer.start()
        let fixture = try DispatchFixture([scripted("sara", nil)], grace: 1)
        // The previous run recorded and claimed it, then was killed while the relay had it.
        try await fixture.withDispatcher(relay: server.url) { dispatcher in
            try fixture.store.pauseSending(SendingPause(cause: .operator, reason: "maintenance", since: DispatchFixture.opening))
            _ = try await dispatcher.tick(now: DispatchFixture.opening, files: fixture.files)
            try fixture.store.resumeSending()
        }
        let planned = try fixture.row("sara")
        _ = try fixture.store.claim(planned.id, now: DispatchFixture.opening)

        try await fixture.withDispatcher(relay: server.url, inDoubt: .resend) { dispatcher in
            #expect(try await dispatcher.recoverAfterRestart(now: night).map(\.id) == [planned.id])
            let atNight = try await dispatcher.tick(now: night, files: fixture.files)
            #expect(atNight.attempts == 0)
            #expect(try fixture.row("sara").nextAttemptAt == nextOpening)
            let morning = try await dispatcher.tick(now: nextOpening, files: fixture.files)
            #expect(morning.outcomes == ["sent": 1])
        }
        #expect(try server.messages().count == 1)
        try server.expectWellFormedMessages()
    }

    /// A daemon that was down all day and starts at night sends the day's delivery at the next
    /// opening, within its grace, and opens no connection before.
    @Test func aDaemonStartedAfterTheWindowClosedSendsAtTheNextOpening() async throws {
        let server = try CaptureServer.start()
        let fixture = try DispatchFixture([scripted("sara", nil)], grace: 1)
        let atNight = try await fixture.tick(at: night, relay: server.url)
        #expect(atNight.recorded == 0, "the planner moves the day to the next one of its grace")
        #expect(atNight.attempts == 0)
        #expect(try server.connectionCount() == 0)
        let morning = try await fixture.tick(at: nextOpening, relay: server.url)
        #expect(morning.outcomes == ["sent": 1])
        #expect(try fixture.row("sara").sentAt == nextOpening)
    }

    /// Without grace, a day whose window closed before the daemon started is dropped: recorded
    /// with its reason, counted in the tick's summary, never sent.
    @Test func aDropIsCountedInTheTickWithItsReasonRecorded() async throws {
        let server = try CaptureServer.start()
        let fixture = try DispatchFixture([scripted("sara", nil), scripted("omid", nil)])
        let report = try await fixture.tick(at: DispatchFixture.closing, relay: server.url)
        #expect(report.recorded == 2 && report.dropped == 2 && report.attempts == 0)
        #expect(report.summary == "recorded=2 dropped=2")
        for customer in ["sara", "omid"] {
            let row = try fixture.row(customer)
            #expect(row.status == .dropped && row.droppedBy.map(HoldReason.init(droppedBy:)) == .windowClosed)
        }
        #expect(try server.connectionCount() == 0)
    }
}
