/// Paces the sending for the daemon's whole life: at most the configured rate (`smtp.rate`), at most
/// `smtp.per_domain_connections` transfers per recipient domain, and slower when the relay throttles.
///
/// ```swift
/// let pacer = Pacer(settings: PacingSettings(rate: try SendingRate(parsing: "14/s"), perDomainConnections: 2))
/// await pacer.permit(domain: envelope.recipientDomain)     // waits for a token and a domain slot
/// let outcome = await transport.send(bytes, envelope: envelope)
/// await pacer.record(outcome, domain: envelope.recipientDomain)   // frees the slot; 421 halves the rate
/// ```
///
/// With `sharing` (``SharedSendingRate``), the configured rate is shared with the other daemons
/// sending through the same relay: each message also waits for a send slot of the shared sequence,
/// taken a few at a time (``sharedBatch``).
///
/// A throttling reply (see ``SMTPOutcome/isThrottling``) halves the rate — the configured one, or
/// without `smtp.rate` the rate observed over the last seconds — down to ``BackOffPolicy/minimumRate``.
/// Each ``BackOffPolicy/recoveryInterval`` without throttling raises it by ``BackOffPolicy/recoveryStep``
/// until it is back at the configured (or observed) rate, where the pacer is ``State/steady`` again.
public actor Pacer {
    /// Where the pacer stands with the relay.
    public enum State: Sendable, Hashable {
        /// At the configured rate, or without limit when none is configured.
        case steady
        /// The relay throttled at `since`; sending at `rate` messages per second.
        case throttled(since: ContinuousClock.Instant, rate: Double)
        /// Climbing back: at `rate` messages per second since the step at `since`.
        case recovering(since: ContinuousClock.Instant, rate: Double)
    }

    /// The operator's limits.
    public nonisolated let settings: PacingSettings
    /// How throttling is answered.
    public nonisolated let backOff: BackOffPolicy
    private let clock: any PacingClock
    private var state: State = .steady
    /// The configured limits as buckets (per second, per hour).
    private var configuredBuckets: [TokenBucket]
    /// The lowered rate while throttled or recovering.
    private var adaptiveBucket: TokenBucket?
    /// The rate recovery climbs back to: the configured one, or the one observed at the first throttling.
    private var ceiling: Double
    private var lastHalving: ContinuousClock.Instant?
    private var observed: ObservedRate
    private var slots: DomainSlots
    /// The sequence of send slots shared with the other daemons, if any.
    private let sharing: (any SharedSendingRate)?
    /// Shared slots reserved and not used yet, earliest first.
    private var sharedSlots: [ContinuousClock.Instant] = []
    /// The reservation of shared slots under way, which the permits arriving meanwhile wait for.
    private var pendingReservation: Task<Bool, Never>?
    /// Shared slots messages were permitted in, since the pacer was made.
    public private(set) var sharedSlotsTaken = 0

    /// A pacer with `settings` (no limit by default), answering throttling by `backOff`, on `clock`;
    /// with `sharing` and a configured rate, the rate is shared with the other daemons taking slots there.
    public init(
        settings: PacingSettings = .unlimited, backOff: BackOffPolicy = .standard, clock: any PacingClock = SystemPacingClock(),
        sharing: (any SharedSendingRate)? = nil
    ) {
        let start = clock.now
        self.settings = settings
        self.sharing = settings.rate == nil ? nil : sharing
        self.backOff = backOff
        self.clock = clock
        configuredBuckets = [
            settings.rate?.perSecond.map { TokenBucket(rate: $0, at: start) },
            // A minute's worth of burst: the hourly limit holds for any hour, not just whole ones.
            settings.rate?.perHour.map { TokenBucket(rate: $0 / 3_600, capacity: $0 / 60, at: start) },
        ].compactMap { $0 }
        ceiling = settings.rate?.messagesPerSecond ?? .infinity
        observed = ObservedRate(origin: start)
        slots = DomainSlots(limit: settings.perDomainConnections)
    }

    /// Waits until one more message may go to `domain`: a free slot of the domain (when
    /// `smtp.per_domain_connections` is set), then a token of the rate. Every permit must be
    /// followed by one ``record(_:domain:)`` for the same domain, which frees the slot.
    public func permit(domain: String) async {
        if !slots.tryAcquire(domain) {
            // The slot is handed over by the record that frees it.
            await withCheckedContinuation { slots.wait(for: domain, $0) }
        }
        let now = clock.now
        recover(at: now)
        var ready = now
        for index in configuredBuckets.indices {
            ready = max(ready, configuredBuckets[index].reserve(at: now))
        }
        if adaptiveBucket != nil {
            ready = max(ready, adaptiveBucket!.reserve(at: now))
        }
        observed.count(at: ready)
        if let shared = await nextSharedSlot() {
            ready = max(ready, shared)
        }
        if ready > now {
            await clock.sleep(until: ready)
        }
    }

    /// The next shared slot, reserving a batch when none is left; slots more than one spacing in
    /// the past are dropped, unused. Nil without sharing, or when the sequence cannot be reached
    /// (then only this daemon's own limit applies; its claims fail too while the store is down).
    private func nextSharedSlot() async -> ContinuousClock.Instant? {
        guard let sharing, let rate = settings.rate?.messagesPerSecond else { return nil }
        let spacing = Duration.seconds(1 / rate)
        while true {
            let stale = clock.now.advanced(by: .zero - spacing)
            sharedSlots.removeAll { $0 < stale }
            if !sharedSlots.isEmpty { break }
            // One reservation at a time: the permits arriving meanwhile wait for its batch instead of
            // each reserving one (sixteen permits at once would take the relay's next eight seconds).
            let reservation: Task<Bool, Never>
            if let pending = pendingReservation {
                reservation = pending
            } else {
                let count = Self.sharedBatch(rate: rate)
                reservation = Task { await self.reserveSharedSlots(count: count, spacing: spacing, sharing: sharing) }
                pendingReservation = reservation
            }
            guard await reservation.value else { return nil }
        }
        sharedSlotsTaken += 1
        return sharedSlots.removeFirst()
    }

    /// Reserves `count` slots of the shared sequence and adds them to ``sharedSlots``; false when
    /// the sequence cannot be reached.
    private func reserveSharedSlots(count: Int, spacing: Duration, sharing: any SharedSendingRate) async -> Bool {
        defer { pendingReservation = nil }
        guard let delay = try? await sharing.reserve(count: count, spacing: spacing) else { return false }
        let first = clock.now.advanced(by: delay)
        sharedSlots = (sharedSlots + (0..<count).map { first.advanced(by: spacing * $0) }).sorted()
        return true
    }

    /// How many shared slots one reservation takes: half a second's worth of the rate, from 1 to 16.
    /// Few enough that a daemon going quiet leaves little of the rate unused, enough that the
    /// store is written at most a few times a second.
    public static func sharedBatch(rate messagesPerSecond: Double) -> Int {
        max(1, min(16, Int(messagesPerSecond / 2)))
    }

    /// Records what became of a permitted message to `domain`: frees its domain slot, and halves
    /// the rate when the relay throttled.
    public func record(_ outcome: SMTPOutcome, domain: String) {
        release(domain: domain)
        let now = clock.now
        recover(at: now)
        guard outcome.isThrottling else { return }
        if let lastHalving, now < lastHalving.advanced(by: backOff.holdOff) { return }
        lastHalving = now
        let current: Double
        switch state {
        case .steady:
            if settings.rate == nil {
                ceiling = max(observed.messagesPerSecond(at: now), backOff.minimumRate)
            }
            current = ceiling
        case .throttled(_, let rate), .recovering(_, let rate):
            current = rate
        }
        let lowered = max(min(backOff.minimumRate, ceiling / 2), current / 2)
        state = .throttled(since: now, rate: lowered)
        if adaptiveBucket == nil {
            adaptiveBucket = TokenBucket(rate: lowered, at: now)
        } else {
            adaptiveBucket!.changeRate(to: lowered, at: now)
        }
    }

    /// Gives back a permit whose message was not sent after all (cancelled before the transfer):
    /// frees its domain slot. The token it took stays spent.
    public func release(domain: String) {
        slots.release(domain)?.resume()
    }

    /// The state now, after any recovery steps that are due.
    public func currentState() -> State {
        recover(at: clock.now)
        return state
    }

    /// The rate the pacer holds to now, in messages per second; nil for no limit.
    public func currentRate() -> Double? {
        switch currentState() {
        case .steady: ceiling.isFinite ? ceiling : nil
        case .throttled(_, let rate), .recovering(_, let rate): rate
        }
    }

    /// Transfers to `domain` holding a slot now.
    public func inFlight(domain: String) -> Int {
        slots.inFlight[domain, default: 0]
    }

    /// Permits waiting for a slot of `domain`.
    public func waiting(domain: String) -> Int {
        slots.waiting(for: domain)
    }

    /// Takes the recovery steps due by `now`: one per interval without throttling since the last change.
    private func recover(at now: ContinuousClock.Instant) {
        let since: ContinuousClock.Instant
        var rate: Double
        switch state {
        case .steady: return
        case .throttled(let start, let current), .recovering(let start, let current):
            since = start
            rate = current
        }
        let steps = Int((now - since).inSeconds / backOff.recoveryInterval.inSeconds)
        guard steps > 0 else { return }
        var stepped = since
        for _ in 0..<steps where rate < ceiling {
            rate = min(ceiling, rate * (1 + backOff.recoveryStep))
            stepped = stepped.advanced(by: backOff.recoveryInterval)
        }
        if rate >= ceiling {
            state = .steady
            adaptiveBucket = nil
            if settings.rate == nil { ceiling = .infinity }
        } else {
            state = .recovering(since: stepped, rate: rate)
            adaptiveBucket?.changeRate(to: rate, at: now)
        }
    }
}
