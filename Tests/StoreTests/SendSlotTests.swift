import Foundation
import Testing
@testable import Store

/// The send slots daemons sending through one relay share (`smtp.rate`), each daemon through a
/// store of its own on the one database.
@Suite struct SendSlotTests {
    static let now = try! instant("2026-05-10T06:30:00Z")
    static let spacing = 0.01

    @Test(arguments: StoreFixture.engines)
    func twoDaemonsReservingAtOnceGetDisjointSlotsThatFollowEachOtherAtTheRate(engine: StoreEngine) async throws {
        let fixture = try StoreFixture(engine)
        let first = try fixture.reopened(), second = try fixture.reopened()
        async let byFirst = Self.reserve(25, from: first)
        async let bySecond = Self.reserve(25, from: second)
        let starts = try await (byFirst + bySecond).sorted()
        // 50 batches of 4 slots, 10 ms apart: one unbroken sequence of 200 slots from `now`.
        #expect(starts.count == 50)
        for (index, start) in starts.enumerated() {
            let expected = Self.now.addingTimeInterval(Double(index * 4) * Self.spacing)
            #expect(abs(start.timeIntervalSince(expected)) < 1e-4, "batch \(index) starts at \(start), not \(expected)")
        }
    }

    @Test(arguments: StoreFixture.engines)
    func slotsLeftUntakenDuringAQuietSpellAreNotSavedUpForABurst(engine: StoreEngine) async throws {
        let fixture = try StoreFixture(engine)
        let relay = "relay.shop.example:587"
        #expect(Self.close(try await fixture.store.reserveSendSlots(relay: relay, count: 4, spacing: 1, now: Self.now), Self.now))
        // Reserved up to now + 4 s: the next batch follows them.
        let soon = Self.now.addingTimeInterval(1)
        #expect(Self.close(try await fixture.store.reserveSendSlots(relay: relay, count: 4, spacing: 1, now: soon), Self.now.addingTimeInterval(4)))
        // A minute later nothing was sent for 52 s: the next slot is now, not 52 s ago.
        let later = Self.now.addingTimeInterval(60)
        #expect(Self.close(try await fixture.store.reserveSendSlots(relay: relay, count: 4, spacing: 1, now: later), later))
        // Another relay has slots of its own.
        #expect(Self.close(try await fixture.store.reserveSendSlots(relay: "other.example:25", count: 4, spacing: 1, now: soon), soon))
        await #expect(throws: StoreError.self) {
            try await fixture.store.reserveSendSlots(relay: relay, count: 0, spacing: 1, now: later)
        }
    }

    /// Whether two instants are the same but for the rounding of seconds since 1970 in a double.
    static func close(_ instant: Date, _ expected: Date) -> Bool {
        abs(instant.timeIntervalSince(expected)) < 1e-4
    }

    /// `batches` reservations of 4 slots of one relay, all asked for at ``now``: their first slots.
    static func reserve(_ batches: Int, from store: KeepsakeStore) async throws -> [Date] {
        var starts: [Date] = []
        for _ in 0..<batches {
            starts.append(try await store.reserveSendSlots(relay: "relay.shop.example:587", count: 4, spacing: spacing, now: now))
        }
        return starts
    }
}
