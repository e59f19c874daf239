/// What the operator asks of the pacing (`smtp.rate`, `smtp.per_domain_connections`).
public struct PacingSettings: Sendable, Hashable {
    /// The relay's limit, or nil to send as fast as the connections go until the relay throttles.
    public var rate: SendingRate?
    /// The most transfers in flight to one recipient domain at once, or nil for no such limit.
    public var perDomainConnections: Int?

    /// Settings with the given limits (none by default).
    public init(rate: SendingRate? = nil, perDomainConnections: Int? = nil) {
        self.rate = rate
        self.perDomainConnections = perDomainConnections.map { max(1, $0) }
    }

    /// No configured limit: the pacer only slows down when the relay throttles.
    public static let unlimited = PacingSettings()
}

/// How the ``Pacer`` reacts to a relay that throttles: halve the rate, then climb back gradually.
public struct BackOffPolicy: Sendable, Hashable {
    /// The lowest rate halving goes down to, in messages per second (below a configured rate lower
    /// than this, half the configured rate).
    public var minimumRate: Double
    /// How much each recovery step raises the rate: 0.1 for +10 %.
    public var recoveryStep: Double
    /// How long the relay must not throttle before each recovery step.
    public var recoveryInterval: Duration
    /// Throttling replies within this time of a halving do not halve again: they answer messages
    /// sent before the rate went down (with 16 connections, one throttled burst brings up to 16).
    public var holdOff: Duration

    /// A policy with the given values.
    public init(minimumRate: Double = 1, recoveryStep: Double = 0.1, recoveryInterval: Duration = .seconds(30), holdOff: Duration = .seconds(1)) {
        self.minimumRate = minimumRate
        self.recoveryStep = recoveryStep
        self.recoveryInterval = recoveryInterval
        self.holdOff = holdOff
    }

    /// Halve down to 1/s at least; +10 % per 30 s without throttling; one halving per second.
    public static let standard = BackOffPolicy()
}
