import Foundation

/// When a campaign pauses by itself (`inbound.campaign_pause`): its complaint rate reaches
/// ``complaintRate`` or its hard-bounce rate reaches ``hardBounceRate``, over at least
/// ``minimumDeliveries`` deliveries of the last 30 days.
///
/// The rule reads 30 days, the longest window of `keepsake status`: a shop's campaign needs weeks
/// to reach a thousand deliveries, and the mailbox providers judge a sender over a similar stretch,
/// so a shorter window would rarely hold enough deliveries to judge. After
/// `keepsake resume --campaign`, only deliveries finished after the resume count: the campaign has
/// to send ``minimumDeliveries`` new ones before it can pause again, so the complaints that paused
/// it cannot pause it again at once.
public struct CampaignPauseRule: Hashable, Sendable {
    /// Complaints per 100 deliveries that pause (default 0.3, the bulk-sender limit of the largest providers).
    public var complaintRate: Decimal
    /// Hard bounces per 100 deliveries that pause (default 5).
    public var hardBounceRate: Decimal
    /// The fewest deliveries the rule judges a campaign on (default 1,000).
    public var minimumDeliveries: Int

    public static let standard = CampaignPauseRule(complaintRate: Decimal(string: "0.3")!, hardBounceRate: 5, minimumDeliveries: 1_000)

    public init(complaintRate: Decimal, hardBounceRate: Decimal, minimumDeliveries: Int) {
        self.complaintRate = complaintRate
        self.hardBounceRate = hardBounceRate
        self.minimumDeliveries = minimumDeliveries
    }

    /// Why `rates` pause their campaign — the figures and the limit, such as
    /// `complaint rate 0.42 % (5 of 1,190) over 30 days ≥ 0.3 %` — or nil when they do not.
    /// Compared exactly (count × 100 ≥ limit × deliveries), so a rate at the limit pauses.
    public func reason(for rates: CampaignRates, resumedAt: Date?) -> String? {
        let counted = rates.pauseRuleWindow
        guard counted.deliveries >= minimumDeliveries, counted.deliveries > 0 else { return nil }
        let period = resumedAt.map { "since the resume of \($0.ISO8601Format())" } ?? "over 30 days"
        func reaches(_ count: Int, _ limit: Decimal) -> Bool {
            Decimal(count) * 100 >= limit * Decimal(counted.deliveries)
        }
        var reasons: [String] = []
        if reaches(counted.complaints, complaintRate) {
            reasons.append(Self.describe("complaint rate", counted.complaints, of: counted.deliveries, period, limit: complaintRate))
        }
        if reaches(counted.hardBounces, hardBounceRate) {
            reasons.append(Self.describe("hard-bounce rate", counted.hardBounces, of: counted.deliveries, period, limit: hardBounceRate))
        }
        return reasons.isEmpty ? nil : reasons.joined(separator: "; ")
    }

    static func describe(_ what: String, _ count: Int, of deliveries: Int, _ period: String, limit: Decimal) -> String {
        "\(what) \(percent(count, of: deliveries)) (\(grouped(count)) of \(grouped(deliveries))) \(period) ≥ \(limit) %"
    }

    /// `0.42 %`: a share in percent with two decimals.
    public static func percent(_ count: Int, of total: Int) -> String {
        total == 0 ? "0.00 %" : String(format: "%.2f %%", Double(count) * 100 / Double(total))
    }

    /// `1,190`: a count with thousands separated by commas.
    public static func grouped(_ count: Int) -> String {
        let digits = String(count)
        var result = ""
        for (index, digit) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0, digit != "-" { result.append(",") }
            result.append(digit)
        }
        return result
    }
}
