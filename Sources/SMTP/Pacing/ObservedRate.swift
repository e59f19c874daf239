/// How fast messages have recently gone out: counts per whole second over the last ten seconds.
/// Without a configured rate, the first throttling halves this.
struct ObservedRate: Sendable {
    /// Seconds looked back over.
    static let window = 10
    private let origin: ContinuousClock.Instant
    private var first: ContinuousClock.Instant?
    private var seconds = [Int64](repeating: -1, count: window)
    private var counts = [Int](repeating: 0, count: window)

    init(origin: ContinuousClock.Instant) {
        self.origin = origin
    }

    /// Counts one message sent at `instant`.
    mutating func count(at instant: ContinuousClock.Instant) {
        let second = self.second(of: instant)
        let slot = Int(second % Int64(Self.window))
        if seconds[slot] != second {
            seconds[slot] = second
            counts[slot] = 0
        }
        counts[slot] += 1
        if first == nil || instant < first! { first = instant }
    }

    /// Messages per second over the whole seconds counted, the current one included (or since the
    /// first message; over at least one second); zero before any message.
    func messagesPerSecond(at now: ContinuousClock.Instant) -> Double {
        guard let first else { return 0 }
        let current = second(of: now)
        let recent = (current - Int64(Self.window) + 1)...current
        let total = zip(seconds, counts).reduce(0) { sum, slot in recent.contains(slot.0) ? sum + slot.1 : sum }
        // From the start of the oldest second counted (or the first message) to now.
        let windowStart = origin.advanced(by: .seconds(max(0, recent.lowerBound)))
        let span = max(1, (now - max(windowStart, first)).inSeconds)
        return Double(total) / span
    }

    private func second(of instant: ContinuousClock.Instant) -> Int64 {
        instant > origin ? Int64((instant - origin).inSeconds) : 0
    }
}
