/// A token bucket: it holds up to ``capacity`` tokens, gains ``rate`` tokens a second, and each
/// message takes one. The capacity is the burst allowed after a quiet spell.
///
/// A value type with the time given to every call, so that it never reads a clock itself:
///
/// ```swift
/// let start = ContinuousClock.now
/// var bucket = TokenBucket(rate: 14, capacity: 14, at: start)   // starts full
/// bucket.take(at: start)                                      // true, 13 tokens left
/// let ready = bucket.reserve(at: start)                       // start: a token was there
/// ```
///
/// ``reserve(at:)`` may leave the bucket in debt (fewer than zero tokens): each caller is promised
/// the next token in turn, so that waiting senders are served in order without polling.
public struct TokenBucket: Sendable, Hashable {
    /// Messages per second the bucket allows in the long run.
    public private(set) var rate: Double
    /// The most tokens the bucket holds: the burst allowed after a quiet spell.
    public private(set) var capacity: Double
    /// Tokens at ``updatedAt``; negative when tokens not yet refilled are promised to waiters.
    public private(set) var tokens: Double
    /// The instant ``tokens`` was computed for.
    public private(set) var updatedAt: ContinuousClock.Instant

    /// A full bucket gaining `rate` tokens a second, holding at most `capacity` (at least one).
    ///
    /// - Precondition: `rate` is positive and finite.
    public init(rate: Double, capacity: Double, at instant: ContinuousClock.Instant) {
        precondition(rate > 0 && rate.isFinite, "a token bucket needs a positive rate, not \(rate)")
        self.rate = rate
        self.capacity = max(1, capacity)
        self.tokens = max(1, capacity)
        self.updatedAt = instant
    }

    /// A bucket whose burst is one second's worth of `rate` (at least one message).
    public init(rate: Double, at instant: ContinuousClock.Instant) {
        self.init(rate: rate, capacity: rate, at: instant)
    }

    /// The tokens there are at `instant` (negative while promised tokens are still owed).
    public func available(at instant: ContinuousClock.Instant) -> Double {
        let elapsed = instant > updatedAt ? (instant - updatedAt).inSeconds : 0
        return min(capacity, tokens + elapsed * rate)
    }

    /// Adds the tokens gained between ``updatedAt`` and `instant`. An earlier instant changes nothing.
    public mutating func refill(at instant: ContinuousClock.Instant) {
        guard instant > updatedAt else { return }
        tokens = available(at: instant)
        updatedAt = instant
    }

    /// Takes a token if one is there at `instant`.
    ///
    /// - Returns: true when a token was taken; false, and nothing changed but the refill, otherwise.
    @discardableResult
    public mutating func take(at instant: ContinuousClock.Instant) -> Bool {
        refill(at: instant)
        guard tokens >= 1 else { return false }
        tokens -= 1
        return true
    }

    /// Takes the next token, now or promised: returns the instant from which the caller may send
    /// (`instant` itself when a token was there).
    public mutating func reserve(at instant: ContinuousClock.Instant) -> ContinuousClock.Instant {
        refill(at: instant)
        let at = max(instant, updatedAt)
        tokens -= 1
        guard tokens < 0 else { return at }
        return at.advanced(by: .seconds(-tokens / rate))
    }

    /// Changes the rate from `instant` on, keeping the tokens gained so far. The capacity becomes
    /// one second's worth of the new rate, and tokens above it are dropped.
    public mutating func changeRate(to newRate: Double, at instant: ContinuousClock.Instant) {
        precondition(newRate > 0 && newRate.isFinite, "a token bucket needs a positive rate, not \(newRate)")
        refill(at: instant)
        rate = newRate
        capacity = max(1, newRate)
        tokens = min(tokens, capacity)
    }
}

extension Duration {
    /// The duration in seconds, with its fraction.
    var inSeconds: Double {
        Double(components.seconds) + Double(components.attoseconds) * 1e-18
    }
}
