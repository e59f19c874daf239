import Foundation
import Store

/// What the processing path is allowed to conclude: how many temporary failures suppress an
/// address, and the breaker shared with send-time hard bounces.
public struct InboundSettings: Sendable, Hashable {
    /// Temporary failures of one address within ``temporaryFailurePeriod`` that suppress it
    /// (`inbound.temporary_failures.limit`, default 5).
    public var temporaryFailureLimit: Int
    /// The period they are counted over, in seconds (`inbound.temporary_failures.period`, default 14 days).
    public var temporaryFailurePeriod: TimeInterval
    /// The suppression breaker (`daemon.suppression_breaker`), the same as at send time.
    public var breaker: SuppressionBreaker

    public static let standardTemporaryFailureLimit = 5
    public static let standardTemporaryFailurePeriod: TimeInterval = 14 * 86_400

    public init(
        temporaryFailureLimit: Int = standardTemporaryFailureLimit,
        temporaryFailurePeriod: TimeInterval = standardTemporaryFailurePeriod, breaker: SuppressionBreaker = .standard
    ) {
        self.temporaryFailureLimit = max(1, temporaryFailureLimit)
        self.temporaryFailurePeriod = temporaryFailurePeriod
        self.breaker = breaker
    }
}
