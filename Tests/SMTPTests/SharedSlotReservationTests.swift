import Synchronization
import Testing
@testable import SMTP

/// The shared sequence of send slots (`smtp.rate` shared by daemons on one relay), seen from one
/// daemon's pacer: how many slots it takes from the sequence for the permits it gives.
@Suite("Pacer, shared send slots")
struct SharedSlotReservationTests {
    /// A sequence in memory that counts what it hands out; each reservation yields once, as a
    /// store round trip would, so that other permits arrive while it is under way.
    final class CountingSequence: SharedSendingRate, Sendable {
        let reservations = Mutex(0)
        let slots = Mutex(0)

        func reserve(count: Int, spacing: Duration) async throws -> Duration {
            reservations.withLock { $0 += 1 }
            slots.withLock { $0 += count }
            await Task.yield()
            return .zero
        }
    }

    final class Permits: Sendable {
        let count = Mutex(0)
    }

    @Test func sixteenPermitsAtOnceTakeTwoBatchesNotSixteen() async throws {
        let clock = ManualPacingClock()
        let sequence = CountingSequence()
        let pacer = Pacer(
            settings: PacingSettings(rate: try SendingRate(parsing: "30/s"), perDomainConnections: nil), clock: clock,
            sharing: sequence)
        let permitted = Permits()
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<16 {
                group.addTask {
                    await pacer.permit(domain: "shop.example")
                    permitted.count.withLock { $0 += 1 }
                }
            }
            // The slots lie up to half a second ahead: move the clock until every permit is given.
            group.addTask {
                while permitted.count.withLock({ $0 }) < 16 {
                    clock.advance(by: .milliseconds(20))
                    await Task.yield()
                }
            }
        }
        // Batches of 15 at 30/s: sixteen permits need two, however many arrived while the first was reserved.
        #expect(sequence.reservations.withLock { $0 } == 2)
        #expect(sequence.slots.withLock { $0 } == 30)
        #expect(await pacer.sharedSlotsTaken == 16)
    }
}
