import Foundation

/// When a delivery that failed for now is tried again: exponential steps (1 min, 5 min, 30 min,
/// 2 h, then every 6 h) with ±20 % jitter, so that deliveries deferred together by a relay
/// outage do not all come back in the same second.
///
/// The jitter is derived from the Message-ID and the attempt number rather than drawn at random,
/// so a retry schedule can be replayed exactly in a test and in an incident review.
public struct RetryPolicy: Sendable, Hashable {
    /// The delay after the first, second, … failed attempt; the last one repeats.
    public var delays: [Duration]
    /// The fraction of each delay by which it may be moved earlier or later (0.2 = ±20 %).
    public var jitter: Double

    /// The default steps: 1 min, 5 min, 30 min, 2 h, 6 h.
    public static let standard = RetryPolicy(
        delays: [.seconds(60), .seconds(300), .seconds(1_800), .seconds(7_200), .seconds(21_600)], jitter: 0.2)

    public init(delays: [Duration], jitter: Double) {
        precondition(!delays.isEmpty, "a retry policy needs at least one delay")
        self.delays = delays
        self.jitter = min(max(jitter, 0), 0.9)
    }

    /// The instant of the next attempt after attempt number `attempt` (1 for the first) failed at `now`.
    public func retryAt(after attempt: Int, now: Date, messageID: String) -> Date {
        let base = delays[min(max(attempt, 1), delays.count) - 1]
        let seconds = Double(base.components.seconds) + Double(base.components.attoseconds) / 1e18
        // A stable value in [-1, 1] from the Message-ID and the attempt (FNV-1a).
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in messageID.utf8 + [UInt8(truncatingIfNeeded: attempt)] {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
        }
        let unit = Double(hash % 2_001) / 1_000 - 1
        return now.addingTimeInterval(seconds * (1 + jitter * unit))
    }
}
