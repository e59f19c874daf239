/// The time the ``Pacer`` reads and waits on. The daemon uses ``SystemPacingClock``; tests pass a
/// clock they move themselves, so that no test sleeps or measures time.
public protocol PacingClock: Sendable {
    /// The current instant.
    var now: ContinuousClock.Instant { get }
    /// Returns at `deadline` (at once if it has passed), or earlier when the task is cancelled.
    func sleep(until deadline: ContinuousClock.Instant) async
}

/// The monotonic system clock (`ContinuousClock`), for the daemon.
public struct SystemPacingClock: PacingClock {
    public init() {}

    public var now: ContinuousClock.Instant { ContinuousClock.now }

    public func sleep(until deadline: ContinuousClock.Instant) async {
        try? await Task.sleep(until: deadline, clock: .continuous)
    }
}
