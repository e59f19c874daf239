import Foundation
import KeepsakeTestSupport
import Mail
import Testing
@testable import Store

/// Two daemons claiming from one PostgreSQL store at once, each through a store (a pool of
/// connections) of its own, as two `keepsake run` on two hosts: a row another daemon's claim holds
/// is passed by, never waited for, and every delivery is claimed by exactly one of them.
@Suite struct ClaimSkipLockedTests {
    static let first = DaemonIdentity(host: "shop-1", pid: 101, startedAt: SendLedgerFixture.sendAt)
    static let second = DaemonIdentity(host: "shop-2", pid: 202, startedAt: SendLedgerFixture.sendAt)
    static let count = 40

    @Test func twoDaemonsClaimingAtOnceSkipEachOthersRowsAndTogetherClaimEveryDeliveryOnce() async throws {
        let fixture = try SendLedgerFixture(.postgresql)
        let settings = try #require(fixture.base.postgresSettings)
        // A claim waiting for another's row lock fails after this instead of hanging the test (the
        // setting applies to the connections opened from now on).
        try PostgresServer.shared().execute("ALTER DATABASE \(settings.database) SET lock_timeout = '5s'")
        let ids = try Self.recordDue(Self.count, into: fixture)
        let firstStore = try fixture.base.reopened()
        let secondStore = try fixture.base.reopened()

        // The first daemon's claim of the first delivery is not committed yet: the second daemon
        // passes that row by, at once, and claims the others.
        let whileHeld = try Self.claimWhileHeld(Array(ids.prefix(5)), holder: firstStore, other: secondStore)
        #expect(whileHeld.first == .heldByAnotherDaemon, "\(whileHeld)")
        #expect(whileHeld.dropFirst().allSatisfy { if case .claimed = $0 { true } else { false } }, "\(whileHeld)")

        // Then both claim everything, in the same order, at the same time.
        async let firstClaims = Self.claimAll(ids, store: firstStore, daemon: Self.first)
        async let secondClaims = Self.claimAll(ids, store: secondStore, daemon: Self.second)
        let byFirst = try await firstClaims.union([ids[0]])
        let bySecond = try await secondClaims.union(ids[1..<5])
        #expect(byFirst.isDisjoint(with: bySecond), "\(byFirst.intersection(bySecond).sorted())")
        #expect(byFirst.union(bySecond) == Set(ids))
        for id in ids {
            let row = try #require(try fixture.store.delivery(id: id))
            #expect(row.status == .sending)
            #expect(row.attempts == 1, "delivery \(id) was claimed \(row.attempts) times")
            #expect(row.claimedBy == (byFirst.contains(id) ? Self.first.id : Self.second.id))
        }
    }

    /// The deliveries `store`'s daemon claimed of `ids`, each claim a transaction of its own as the
    /// daemon's ``LedgerWriter`` commits them.
    static func claimAll(_ ids: [Int64], store: KeepsakeStore, daemon: DaemonIdentity) async throws -> Set<Int64> {
        let writer = LedgerWriter(store: store, claimant: daemon.id)
        var claimed = Set<Int64>()
        for id in ids {
            if case .claimed = try await writer.claim(id, now: SendLedgerFixture.sendAt) { claimed.insert(id) }
        }
        return claimed
    }

    /// Claims `ids[0]` for the first daemon through `holder` and, before that claim commits, each
    /// of `ids` for the second daemon through `other`; returns the second daemon's outcomes.
    static func claimWhileHeld(_ ids: [Int64], holder: KeepsakeStore, other: KeepsakeStore) throws -> [ClaimOutcome] {
        let now = StoredText.instant(SendLedgerFixture.sendAt)
        return try holder.database.write { db in
            let held = try KeepsakeStore.claim(ids[0], now: now, claimedBy: first.id, in: db)
            guard case .claimed = held else { throw StoreError(.invalidArgument, "the first claim found \(held)") }
            return try ids.map { id in
                try other.database.write { db in try KeepsakeStore.claim(id, now: now, claimedBy: second.id, in: db) }
            }
        }
    }

    /// `count` opted-in customers `d000`…, each with one due delivery; returns the deliveries' ids.
    static func recordDue(_ count: Int, into fixture: SendLedgerFixture) throws -> [Int64] {
        let customers = (0..<count).map { (String(format: "d%03d", $0), String(format: "d%03d@shop.example", $0)) }
        try fixture.store.importSession(commit: true, recordedBy: "claim tests") { session in
            for (id, email) in customers {
                _ = try session.upsert(try customer(id, email))
                let optIn = ConsentObservation(status: .optedIn, occurredAt: try instant("2026-01-01T00:00:00Z"), source: "checkout")
                _ = try session.observeConsent(optIn, email: try EmailAddress(email), customerID: id)
            }
        }
        return try fixture.store.recordDue(customers.map { fixture.due($0.0, $0.1) }).map(\.id).sorted()
    }
}
