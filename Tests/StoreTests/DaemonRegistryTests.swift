import Foundation
import Testing
@testable import Store

/// Several daemons on ONE store (a SQLite file, a PostgreSQL database), each through a store of its
/// own (as two `keepsake run` processes would open it): the registry, the planning lease and the
/// claims the daemons share.
@Suite struct DaemonRegistryTests {
    static let tick = Duration.seconds(60)
    static let start = try! instant("2026-05-10T06:30:00Z")
    static let first = DaemonIdentity(host: "shop-1", pid: 101, startedAt: start)
    static let second = DaemonIdentity(host: "shop-2", pid: 202, startedAt: start)

    /// The store the second daemon opens on the first one's file.
    static func secondStore(_ fixture: StoreFixture) throws -> KeepsakeStore {
        try fixture.reopened()
    }

    static func after(ticks: Int) -> Date { start.addingTimeInterval(Double(ticks) * tick.seconds) }

    @Test(arguments: StoreFixture.engines)
    func oneDaemonHoldsThePlanningLeaseAndAnotherTakesItTwoTicksAfterItsLastRenewal(engine: StoreEngine) async throws {
        let fixture = try StoreFixture(engine)
        let other = try Self.secondStore(fixture)
        #expect(try await fixture.store.takePlanningLease(for: Self.first, tick: Self.tick, now: Self.start))
        #expect(try await !other.takePlanningLease(for: Self.second, tick: Self.tick, now: Self.start))
        // The holder renews at its next tick; then it stops (killed): no renewal after tick 1.
        #expect(try await fixture.store.takePlanningLease(for: Self.first, tick: Self.tick, now: Self.after(ticks: 1)))
        #expect(try await !other.takePlanningLease(for: Self.second, tick: Self.tick, now: Self.after(ticks: 2)))
        #expect(try await other.takePlanningLease(for: Self.second, tick: Self.tick, now: Self.after(ticks: 3)))
        // The first daemon, back, does not take it from the new holder.
        #expect(try await !fixture.store.takePlanningLease(for: Self.first, tick: Self.tick, now: Self.after(ticks: 3)))
        #expect(try other.daemons(now: Self.after(ticks: 3)).isEmpty, "taking a lease registers nobody")
    }

    @Test(arguments: StoreFixture.engines)
    func aHeartbeatRenewsTheLeaseAndAGracefulStopGivesItUpAtOnce(engine: StoreEngine) async throws {
        let fixture = try StoreFixture(engine)
        let other = try Self.secondStore(fixture)
        try await fixture.store.recordHeartbeat(of: Self.first, tick: Self.tick, now: Self.start)
        #expect(try await fixture.store.takePlanningLease(for: Self.first, tick: Self.tick, now: Self.start))
        // A long tick: only the heartbeat renews, and the lease holds past two ticks from the last tick.
        try await fixture.store.recordHeartbeat(of: Self.first, tick: Self.tick, now: Self.after(ticks: 1))
        #expect(try await !other.takePlanningLease(for: Self.second, tick: Self.tick, now: Self.after(ticks: 2)))
        try await fixture.store.deregister(Self.first)
        #expect(try await other.takePlanningLease(for: Self.second, tick: Self.tick, now: Self.after(ticks: 2)))
        #expect(try fixture.store.daemons(now: Self.after(ticks: 2)).isEmpty)
    }

    @Test(arguments: StoreFixture.engines)
    func aLeaseHeldByAnEndedProcessOfThisHostIsTakenAtOnce(engine: StoreEngine) async throws {
        let fixture = try StoreFixture(engine)
        let ended = Process()
        ended.executableURL = URL(fileURLWithPath: "/bin/true")
        try ended.run()
        ended.waitUntilExit()
        let host = ProcessInfo.processInfo.hostName
        let killed = DaemonIdentity(host: host, pid: ended.processIdentifier, startedAt: Self.start)
        let successor = DaemonIdentity(host: host, pid: getpid(), startedAt: Self.after(ticks: 1))
        try await fixture.store.recordHeartbeat(of: killed, tick: Self.tick, now: Self.start)
        #expect(try await fixture.store.takePlanningLease(for: killed, tick: Self.tick, now: Self.start))
        #expect(try await fixture.store.takePlanningLease(for: successor, tick: Self.tick, now: Self.start))
    }

    @Test(arguments: StoreFixture.engines)
    func statusListsTheDaemonsWithWhatTheyHoldAndMarksTheSilentOnesGone(engine: StoreEngine) async throws {
        let fixture = try SendLedgerFixture(engine)
        let other = try fixture.base.reopened()
        let sara = try fixture.recorded("c1", "Sara@Shop.example")
        try await fixture.store.recordHeartbeat(of: Self.first, tick: Self.tick, now: Self.start)
        try await other.recordHeartbeat(of: Self.second, tick: Self.tick, now: Self.after(ticks: 1))
        #expect(try await fixture.store.takePlanningLease(for: Self.first, tick: Self.tick, now: Self.start))
        let claim = try await LedgerWriter(store: other, claimant: Self.second.id).claim(sara.id, now: Self.after(ticks: 1))
        #expect(claim.isClaimed)

        let daemons = try fixture.store.daemons(now: Self.after(ticks: 2))
        #expect(daemons.map(\.id) == [Self.first.id, Self.second.id])
        #expect(daemons.map(\.host) == ["shop-1", "shop-2"])
        #expect(daemons.map(\.holdsPlanningLease) == [false, false], "the lease expired with the first daemon's silence")
        #expect(daemons.map(\.claimed) == [0, 1])
        #expect(daemons.map { $0.isGone(at: Self.after(ticks: 2)) } == [true, false])
        #expect(try fixture.store.delivery(id: sara.id)?.claimedBy == Self.second.id)
    }

    /// A daemon starting beside a running one leaves what the running one is sending alone; once
    /// the holder stops beating for two ticks, the next tick of another daemon settles its claims
    /// as in doubt, attributed to it.
    @Test(arguments: StoreFixture.engines)
    func aDaemonsClaimsBecomeInDoubtOnlyOnceItIsGoneAndStayAttributedToIt(engine: StoreEngine) async throws {
        let fixture = try SendLedgerFixture(engine)
        let other = try fixture.base.reopened()
        let sara = try fixture.recorded("c1", "Sara@Shop.example")
        try await fixture.store.recordHeartbeat(of: Self.first, tick: Self.tick, now: Self.start)
        _ = try await LedgerWriter(store: fixture.store, claimant: Self.first.id).claim(sara.id, now: Self.start)

        try await other.recordHeartbeat(of: Self.second, tick: Self.tick, now: Self.after(ticks: 1))
        #expect(try await other.settleAbandonedClaims(by: Self.second, now: Self.after(ticks: 1), resend: false, atStart: true).isEmpty)
        #expect(try fixture.store.delivery(id: sara.id)?.status == .sending)

        let settled = try await other.settleAbandonedClaims(by: Self.second, now: Self.after(ticks: 2), resend: false, atStart: false)
        #expect(settled.map(\.id) == [sara.id])
        let row = try #require(try fixture.store.delivery(id: sara.id))
        #expect(row.status == .inDoubt)
        #expect(row.claimedBy == Self.first.id)
        #expect(row.lastReply?.contains(Self.first.id) == true, "\(row.lastReply ?? "nil")")
    }

    /// Two daemons claiming the same delivery at once: exactly one gets it.
    @Test(arguments: StoreFixture.engines)
    func ofTwoDaemonsClaimingOneDeliveryExactlyOneGetsIt(engine: StoreEngine) async throws {
        let fixture = try SendLedgerFixture(engine)
        let other = try fixture.base.reopened()
        let sara = try fixture.recorded("c1", "Sara@Shop.example")
        let store = fixture.store
        async let first = LedgerWriter(store: store, claimant: Self.first.id).claim(sara.id, now: Self.start)
        async let second = LedgerWriter(store: other, claimant: Self.second.id).claim(sara.id, now: Self.start)
        let claims = try await [first, second]
        #expect(claims.filter(\.isClaimed).count == 1, "\(claims)")
        // The loser finds the row claimed, or, on PostgreSQL while the winner's claim is still
        // open, locked by it (SKIP LOCKED): either way it moves on.
        #expect(claims.contains { $0 == .notWaiting(.sending) || $0 == .heldByAnotherDaemon }, "\(claims)")
        let row = try #require(try fixture.store.delivery(id: sara.id))
        #expect(row.attempts == 1)
        #expect(row.claimedBy == (claims[0].isClaimed ? Self.first.id : Self.second.id))
    }
}

extension ClaimOutcome {
    var isClaimed: Bool {
        if case .claimed = self { true } else { false }
    }
}
