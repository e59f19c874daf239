import Foundation

/// The daemon's clock: the system's, one started at `--now` that runs on from there, or (for
/// `--once`) exactly `--now`, so that repeated runs at one instant see the same instant.
public struct DaemonClock: Sendable {
    let start: Date?
    let offset: TimeInterval
    let frozen: Bool

    /// A clock starting at `start` (nil: the system's clock), frozen there when `frozen` is set.
    public init(startingAt start: Date?, frozen: Bool = false) {
        self.start = start
        self.frozen = frozen
        offset = start.map { $0.timeIntervalSinceNow } ?? 0
    }

    /// The daemon's present instant.
    public func now() -> Date {
        if frozen, let start { return start }
        return Date().addingTimeInterval(offset)
    }
}
