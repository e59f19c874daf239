import Foundation
import Testing
@testable import Store

/// The registry forgets daemons long gone: at the next registration, a daemon silent for more than
/// a day that holds nothing is removed; one still holding a claim stays, for its deliveries to be
/// settled and attributed to it.
@Suite struct DaemonPruningTests {
    static let tick = Duration.seconds(60)
    static let start = try! instant("2026-05-10T06:30:00Z")

    static func daemon(_ host: String, startedAt: Date = start) -> DaemonIdentity {
        DaemonIdentity(host: host, pid: 100, startedAt: startedAt)
    }

    @Test(arguments: StoreFixture.engines)
    func aDaemonGoneForMoreThanADayAndHoldingNothingIsRemovedAtTheNextRegistration(engine: StoreEngine) async throws {
        let fixture = try SendLedgerFixture(engine)
        let gone = Self.daemon("shop-gone")
        let holding = Self.daemon("shop-holding")
        let recent = Self.daemon("shop-recent")
        let dayLater = Self.start.addingTimeInterval(86_400)
        try await fixture.store.recordHeartbeat(of: gone, tick: Self.tick, now: Self.start)
        try await fixture.store.recordHeartbeat(of: holding, tick: Self.tick, now: Self.start)
        let sara = try fixture.recorded("c1", "Sara@Shop.example")
        #expect(try await LedgerWriter(store: fixture.store, claimant: holding.id).claim(sara.id, now: Self.start).isClaimed)
        try await fixture.store.recordHeartbeat(of: recent, tick: Self.tick, now: dayLater)

        // Gone (two ticks after their last heartbeat) for a day and one tick.
        let successor = Self.daemon("shop-new", startedAt: dayLater)
        let now = dayLater.addingTimeInterval(3 * Self.tick.seconds)
        try await fixture.store.recordHeartbeat(of: successor, tick: Self.tick, now: now)
        let daemons = try fixture.store.daemons(now: now)
        #expect(daemons.map(\.host) == ["shop-holding", "shop-recent", "shop-new"], "\(daemons.map(\.host))")
        #expect(daemons.first?.claimed == 1)
    }
}
