import Foundation
import KeepsakeTestSupport
import Testing
@testable import Store

/// A daemon's claims and outcomes across a store outage: what the store did not take is kept and
/// written once it answers again, claims that never left are put back, and right after its own
/// outage a daemon does not take the other daemons' silence for their end.
@Suite struct StoreOutageClaimTests {
    static let tick = DaemonRegistryTests.tick
    static let start = DaemonRegistryTests.start
    static let first = DaemonRegistryTests.first
    static let second = DaemonRegistryTests.second

    @Test func anOutcomeTheStoppedServerDidNotTakeIsWrittenOnceItIsBackAndAnUnansweredClaimIsPutBack() async throws {
        // A server of the test's own: it is stopped in the middle.
        let server = try PostgresServer.start()
        defer { server.stop() }
        let fixture = try SendLedgerFixture(.postgresql, server: server)
        let sara = try fixture.recorded("c1", "Sara@Shop.example")
        let reza = try fixture.recorded("c2", "reza@shop.example")
        let writer = LedgerWriter(store: fixture.store, claimant: Self.first.id)
        let outcomes = UnrecordedOutcomes()
        #expect(try await outcomes.claim(sara.id, now: Self.start, through: writer).isClaimed)
        #expect(!outcomes.ownClaimsUncertain)

        // Sara's message went out; the server stops before its outcome is written, and before Reza's claim.
        try server.stopForOutage()
        await #expect(throws: (any Error).self) {
            try await outcomes.recordOutcome(sara, .sent(reply: "250 2.0.0 queued", stage: "data"), now: Self.start, through: writer)
        }
        await #expect(throws: (any Error).self) { try await outcomes.claim(reza.id, now: Self.start, through: writer) }
        #expect(outcomes.count == 1)
        #expect(outcomes.ownClaimsUncertain)

        try server.startAfterOutage()
        // As if the server had committed Reza's claim before the connection was cut.
        #expect(try await LedgerWriter(store: fixture.store, claimant: Self.first.id).claim(reza.id, now: Self.start).isClaimed)
        let written = try await outcomes.writeKept(through: writer)
        #expect(written.map(\.delivery.id) == [sara.id])
        let later = Self.start.addingTimeInterval(90)
        let released = try await fixture.store.releaseUnsentClaims(of: Self.first, now: later)
        #expect(released.map(\.id) == [reza.id])
        outcomes.settled()
        #expect(outcomes.count == 0 && !outcomes.ownClaimsUncertain)

        let sent = try #require(try fixture.store.delivery(id: sara.id))
        #expect(sent.status == .sent && sent.sentAt == Self.start && sent.lastReply == "250 2.0.0 queued")
        let waiting = try #require(try fixture.store.delivery(id: reza.id))
        #expect(waiting.status == .deferred && waiting.attempts == 0 && waiting.nextAttemptAt == later, "never sent: the claim's attempt does not count")
    }

    @Test(arguments: StoreFixture.engines)
    func afterItsOwnOutageADaemonJudgesTheOthersByTheirProcessOnlyAndPutsBackOnlyItsOwnClaims(engine: StoreEngine) async throws {
        let fixture = try SendLedgerFixture(engine)
        let other = try fixture.base.reopened()
        let sara = try fixture.recorded("c1", "Sara@Shop.example")
        let reza = try fixture.recorded("c2", "reza@shop.example")
        try await fixture.store.recordHeartbeat(of: Self.first, tick: Self.tick, now: Self.start)
        #expect(try await LedgerWriter(store: fixture.store, claimant: Self.first.id).claim(sara.id, now: Self.start).isClaimed)
        #expect(try await LedgerWriter(store: other, claimant: Self.second.id).claim(reza.id, now: Self.start).isClaimed)

        // Three ticks of silence from the first daemon; the second has just come back from an outage.
        let now = DaemonRegistryTests.after(ticks: 3)
        try await other.recordHeartbeat(of: Self.second, tick: Self.tick, now: now)
        #expect(try await other.settleAbandonedClaims(by: Self.second, now: now, resend: false, atStart: false, judgingByHeartbeat: false).isEmpty)
        #expect(try fixture.store.delivery(id: sara.id)?.status == .sending)

        // Judged by heartbeat, as three ticks after its outage, the first daemon's silence settles its claim.
        let settled = try await other.settleAbandonedClaims(by: Self.second, now: now, resend: false, atStart: false)
        #expect(settled.map(\.id) == [sara.id])
        #expect(try fixture.store.delivery(id: sara.id)?.status == .inDoubt)

        // The second daemon puts back its own unanswered claim, and nobody else's.
        let released = try await other.releaseUnsentClaims(of: Self.second, now: now)
        #expect(released.map(\.id) == [reza.id])
        let waiting = try #require(try fixture.store.delivery(id: reza.id))
        #expect(waiting.status == .deferred && waiting.attempts == 0 && waiting.claimedBy == Self.second.id)
        #expect(try fixture.store.delivery(id: sara.id)?.status == .inDoubt)
    }
}
