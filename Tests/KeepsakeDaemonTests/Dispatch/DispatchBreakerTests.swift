import Foundation
import KeepsakeTestSupport
import Mail
import Store
import Testing
import Scheduler
@testable import KeepsakeDaemon
import PlannerTestSupport

/// The suppression breaker against the real capture server: hard bounces that all carry the same
/// reply once the addresses are left out are more likely a broken relay than a broken audience,
/// so after `daemon.suppression_breaker` of them in a row sending pauses and nobody is suppressed
/// until the operator confirms (or undoes) them.
@Suite struct DispatchBreakerTests {
    /// Customers c01…cNN whose addresses run `script`, differing only in their "+cNN" tag.
    private func audience(_ count: Int, _ script: String) -> [CustomerRecord] {
        (1...count).map { scripted(String(format: "c%02d", $0), script) }
    }

    @Test func twentyIdenticalBouncesTripTheBreakerAndNothingIsSuppressedUntilConfirmed() async throws {
        let server = try CaptureServer.start()
        let fixture = try DispatchFixture(audience(21, "rcpt-550"))
        let report = try await fixture.tick(at: DispatchFixture.opening, relay: server.url)
        #expect(report.outcomes == ["failed": 20], "the 20th bounce trips the breaker and the tick stops")
        #expect(try fixture.store.suppressions().isEmpty)
        let pending = try fixture.store.pendingSuppressions()
        #expect(pending.count == 20)
        #expect(Set(pending.map(\.pattern)) == ["550 5.1.1 <address>: recipient address rejected: user unknown"])
        #expect(pending.first?.email == "rcpt-550+c01@keepsake.test")
        #expect(pending.first?.reply == "550 5.1.1 <rcpt-550+c01@keepsake.test>: Recipient address rejected: User unknown")
        let pause = try #require(try fixture.store.sendingPause())
        #expect(pause.cause == .suppressionBreaker)
        #expect(pause.reason.contains("20 recipients in a row"))
        #expect(pause.reason.contains("keepsake suppression confirm"))
        #expect(report.pausedBecause == pause.reason)
        #expect(try fixture.row("c21").status == .planned)
        #expect(try fixture.row("c21").attempts == 0)

        // Paused: the next tick touches no relay, and a reload's resume does not lift it.
        #expect(try fixture.store.resumeSending(causes: [.relay]) == nil)
        let paused = try await fixture.tick(at: DispatchFixture.opening.addingTimeInterval(120), relay: server.url)
        #expect(paused.attempts == 0)
        #expect(try server.recipientCommands(startingWith: "rcpt-550") == 20)

        // The operator looked: the addresses are bad. They go on the list and sending resumes.
        #expect(try fixture.store.confirmPendingSuppressions(recordedBy: "keepsake suppression confirm") == 20)
        #expect(try fixture.store.pendingSuppressions().isEmpty)
        #expect(try fixture.store.sendingPause() == nil)
        let suppressions = try fixture.store.suppressions()
        #expect(suppressions.count == 20)
        #expect(suppressions.allSatisfy { $0.reason == "hard bounce" && $0.createdBy == "keepsake suppression confirm" })
        let first = try fixture.row("c01")
        #expect(try fixture.store.suppression(of: EmailAddress("rcpt-550+c01@keepsake.test"))?.deliveryID == first.id)
        #expect(try fixture.store.suppression(of: EmailAddress("rcpt-550+c01@keepsake.test"))?.reply == first.lastReply)

        // A new row starts: the 21st bounce is suppressed at once.
        let resumed = try await fixture.tick(at: DispatchFixture.opening.addingTimeInterval(180), relay: server.url)
        #expect(resumed.outcomes == ["failed": 1])
        #expect(try fixture.store.suppressions().count == 21)
        #expect(try fixture.store.sendingPause() == nil)
    }

    /// The relay was wrong (it refuses each address once, then accepts it): `undo` drops the held
    /// suppressions and the deliveries wait again, under an operator's pause until `resume`.
    @Test func undoDropsTheHeldSuppressionsAndTheDeliveriesGoOutAfterResume() async throws {
        let server = try CaptureServer.start()
        let fixture = try DispatchFixture(audience(3, "rcpt-550-x1"))
        let breaker = SuppressionBreaker(limit: 3)
        let report = try await fixture.tick(at: DispatchFixture.opening, relay: server.url, suppressionBreaker: breaker)
        #expect(report.outcomes == ["failed": 3])
        #expect(try fixture.store.pendingSuppressions().count == 3)
        #expect(try fixture.store.suppressions().isEmpty)

        let undone = try fixture.store.undoPendingSuppressions(
            now: DispatchFixture.opening.addingTimeInterval(60),
            pause: SendingPause(cause: .operator, reason: "suppression undo", since: DispatchFixture.opening))
        #expect(undone.count == 3)
        #expect(try fixture.store.pendingSuppressions().isEmpty)
        #expect(try fixture.store.suppressions().isEmpty)
        #expect(try fixture.store.sendingPause()?.cause == .operator)
        for id in ["c01", "c02", "c03"] {
            let row = try fixture.row(id)
            #expect(row.status == .planned, "\(id)")
            #expect(row.attempts == 0, "\(id)")
        }
        let paused = try await fixture.tick(at: DispatchFixture.opening.addingTimeInterval(120), relay: server.url, suppressionBreaker: breaker)
        #expect(paused.attempts == 0)

        #expect(try fixture.store.resumeSending()?.cause == .operator)
        let resumed = try await fixture.tick(at: DispatchFixture.opening.addingTimeInterval(180), relay: server.url, suppressionBreaker: breaker)
        #expect(resumed.outcomes == ["sent": 3])
        #expect(try server.messages().count == 3)
        #expect(try fixture.store.suppressions().isEmpty)
    }

    /// A message the relay accepts ends the row: bounces around it are suppressed as usual.
    @Test func anAcceptedMessageEndsTheRow() async throws {
        let server = try CaptureServer.start()
        let fixture = try DispatchFixture([
            scripted("c01", "rcpt-550"), scripted("c02", "rcpt-550"), scripted("c03", nil),
            scripted("c04", "rcpt-550"), scripted("c05", "rcpt-550"),
        ])
        let report = try await fixture.tick(
            at: DispatchFixture.opening, relay: server.url, suppressionBreaker: SuppressionBreaker(limit: 3))
        #expect(report.outcomes == ["failed": 4, "sent": 1])
        #expect(try fixture.store.suppressions().count == 4)
        #expect(try fixture.store.pendingSuppressions().isEmpty)
        #expect(try fixture.store.sendingPause() == nil)
    }
}
