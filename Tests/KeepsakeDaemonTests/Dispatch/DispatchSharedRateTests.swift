import Foundation
import KeepsakeTestSupport
import Logging
import SMTP
import Store
import Synchronization
import Testing
@testable import KeepsakeDaemon
import PlannerTestSupport

/// Two daemons on one store sending through one relay with `smtp.rate`: every message goes out in
/// a send slot of the relay's one sequence in the store, so together they keep to the rate.
@Suite(.serialized) struct DispatchSharedRateTests {
    static let rate = 50.0

    @Test func twoDaemonsSendingThroughOneRelayTogetherKeepToItsRate() async throws {
        let server = try CaptureServer.start()
        let customers = (0..<60).map { scripted(String(format: "c%03d", $0), nil) }
        let fixture = try DispatchFixture(customers)
        let secondStore = try KeepsakeStore(path: fixture.store.path)
        let relay = try SMTPConfiguration(url: server.url, startTLS: .off)
        let settings = PacingSettings(rate: try SendingRate(perSecond: Self.rate))
        let firstRate = RecordingSendingRate(StoreSendingRate(store: fixture.store, relay: relay))
        let secondRate = RecordingSendingRate(StoreSendingRate(store: secondStore, relay: relay))
        let firstPacer = Pacer(settings: settings, sharing: firstRate)
        let secondPacer = Pacer(settings: settings, sharing: secondRate)

        let planned = try await fixture.plan(
            DispatchSharedStoreTests.first, at: DispatchSharedStoreTests.minutes(0), relay: server.url)
        #expect(planned.recorded == 60)
        let start = Date()
        let firstStore = fixture.store, files = fixture.files
        async let first = tick(
            DispatchSharedStoreTests.first, store: firstStore, files: files, at: DispatchSharedStoreTests.minutes(1),
            relay: server.url, connections: 2, pacer: firstPacer)
        async let second = tick(
            DispatchSharedStoreTests.second, store: secondStore, files: files, at: DispatchSharedStoreTests.minutes(1),
            relay: server.url, connections: 2, pacer: secondPacer)
        let reports = try await [first, second]
        #expect(reports.map { $0.outcomes["sent"] ?? 0 }.reduce(0, +) == 60, "\(reports.map(\.outcomes))")
        let received = try server.receivedByMessageID()
        #expect(received.count == 60)
        #expect(received.values.allSatisfy { $0.count == 1 }, "a message received more than once")

        // Every message took a slot of its own (a delivery the other daemon claimed first takes
        // one too), and the slots reserved follow each other at the rate from the first tick on:
        // the sends fit in the time the slots span.
        let taken = await firstPacer.sharedSlotsTaken + secondPacer.sharedSlotsTaken
        #expect(taken >= 60)
        let reserved = firstRate.slots + secondRate.slots
        #expect(reserved >= taken)
        #expect(firstRate.slots > 0 && secondRate.slots > 0, "both daemons sent through the shared slots")
        // The first slot no daemon has taken (reserving one more, asked for at the start).
        let next = try await fixture.store.reserveSendSlots(relay: firstRate.inner.relay, count: 1, spacing: 1 / Self.rate, now: start)
        #expect(next.timeIntervalSince(start) >= Double(reserved) / Self.rate - 1e-3, "the slots overlap: \(reserved) slots end at \(next)")
    }
}

extension DispatchFixture {
    /// A tick of `daemon` at `now` under an operator's pause, lifted after: it plans and records
    /// what is due, and sends nothing.
    func plan(_ daemon: DaemonIdentity, at now: Date, relay: String) async throws -> TickReport {
        try store.pauseSending(SendingPause(cause: .operator, reason: "keepsake pause", since: now))
        let report = try await tick(daemon, at: now, relay: relay)
        _ = try store.resumeSending()
        return report
    }
}

/// The store's send slots, counting the slots each daemon reserved.
final class RecordingSendingRate: SharedSendingRate {
    let inner: StoreSendingRate
    private let reserved = Mutex(0)

    init(_ inner: StoreSendingRate) { self.inner = inner }

    var slots: Int { reserved.withLock { $0 } }

    func reserve(count: Int, spacing: Duration) async throws -> Duration {
        let delay = try await inner.reserve(count: count, spacing: spacing)
        reserved.withLock { $0 += count }
        return delay
    }
}
