import Campaigns

/// A customer's own cap, such as "at most one mail a month": at most ``mails`` marketing mails in
/// any ``days`` local days in a row. It applies beside the calendar's caps, so the stricter wins.
public struct CustomerFrequencyCap: Hashable, Sendable, CustomStringConvertible {
    /// The most mails in any ``days`` local days in a row.
    public let mails: Int
    /// The length of the rolling stretch, in local days.
    public let days: Int

    /// A cap of `mails` (1 to 100) in any `days` (1 to 365) local days; nil outside those limits.
    public init?(mails: Int, days: Int) {
        guard SpacingRules.mailLimit.contains(mails), SpacingRules.dayLimit.contains(days) else { return nil }
        self.mails = mails
        self.days = days
    }

    /// At most one mail in any 30 local days: the preference centre's "at most one mail a month".
    public static let oncePerMonth = CustomerFrequencyCap(mails: 1, days: 30)!

    /// `at most 1 mail per 30 days`.
    public var description: String { "at most \(mails) mail\(mails == 1 ? "" : "s") per \(days) days" }
}

/// Where the planner finds each customer's own cap (the preference centre's frequency choice).
/// The planner asks once per batch of candidates and sets each ``CustomerCandidates/frequencyCap``.
public protocol CustomerFrequencyCaps: Sendable {
    /// The caps of those of these customers who chose one.
    func frequencyCaps(customerIDs: Set<String>) throws -> [String: CustomerFrequencyCap]
}

/// Customers' caps held in memory (also: no customer has chosen one).
public struct InMemoryFrequencyCaps: CustomerFrequencyCaps, Hashable {
    /// The caps by customer id.
    public var caps: [String: CustomerFrequencyCap]

    /// Caps by customer id; empty by default.
    public init(_ caps: [String: CustomerFrequencyCap] = [:]) {
        self.caps = caps
    }

    public func frequencyCaps(customerIDs: Set<String>) -> [String: CustomerFrequencyCap] {
        Dictionary(uniqueKeysWithValues: customerIDs.compactMap { id in caps[id].map { (id, $0) } })
    }
}
