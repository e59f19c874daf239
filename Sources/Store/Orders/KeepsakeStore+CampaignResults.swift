import Foundation

/// What one campaign segment brought in over a period: the read API the report builds on.
public struct CampaignResults: Hashable, Sendable {
    /// The campaign and segment.
    public var campaignID: String
    public var segment: String
    /// Counted orders placed in the period and attributed to the segment's deliveries.
    public var attributedOrders = 0
    /// Of those, the orders attributed by their coupon code (the others by the window).
    public var attributedByCoupon = 0
    /// Their totals, by currency code (`""` for orders without one).
    public var revenue: [String: Decimal] = [:]
    /// The segment's Keepsake codes redeemed by counted orders placed in the period.
    public var redemptions = 0

    /// Empty results of a segment.
    public init(campaignID: String, segment: String) {
        self.campaignID = campaignID
        self.segment = segment
    }
}

extension KeepsakeStore {
    /// Attributed orders, revenue and redemptions per campaign and segment, for counted orders
    /// placed from `start` (inclusive) to `end` (exclusive), sorted by campaign and segment.
    /// Refunded and cancelled orders are left out; a guest order attributed by its code counts.
    public func campaignResults(placedFrom start: Date, to end: Date) throws -> [CampaignResults] {
        try database.read { db in
            var results: [String: CampaignResults] = [:]
            func key(_ campaign: String, _ segment: String) -> String { campaign + "\u{1F}" + segment }
            let period: StoreArguments = [StoredText.instant(start), StoredText.instant(end)]
            try db.forEachRow(sql: """
                SELECT a.campaign_id, a.segment, a.rule, o.total, o.currency FROM order_attributions a
                JOIN orders o ON o.order_id = a.order_id
                WHERE o.status = 'counted' AND o.placed_at >= ? AND o.placed_at < ?
                """, arguments: period) { row in
                let (campaign, segment): (String, String) = (try row["campaign_id"], try row["segment"])
                var entry = results[key(campaign, segment)] ?? CampaignResults(campaignID: campaign, segment: segment)
                entry.attributedOrders += 1
                if try row["rule"] as String == AttributionRule.coupon.rawValue { entry.attributedByCoupon += 1 }
                entry.revenue[try row["currency"] as String? ?? "", default: 0] += StoredText.decimal(try row["total"] as String) ?? 0
                results[key(campaign, segment)] = entry
            }
            try db.forEachRow(sql: """
                SELECT c.campaign_id, coalesce(d.segment, '') AS segment, count(*) AS redemptions FROM coupon_codes c
                JOIN orders o ON o.order_id = c.redeemed_order_id
                LEFT JOIN deliveries d ON d.coupon_code = c.code
                WHERE o.status = 'counted' AND o.placed_at >= ? AND o.placed_at < ?
                GROUP BY c.campaign_id, d.segment
                """, arguments: period) { row in
                let (campaign, segment): (String, String) = (try row["campaign_id"], try row["segment"])
                var entry = results[key(campaign, segment)] ?? CampaignResults(campaignID: campaign, segment: segment)
                entry.redemptions += try row["redemptions"] as Int
                results[key(campaign, segment)] = entry
            }
            return results.values.sorted { ($0.campaignID, $0.segment) < ($1.campaignID, $1.segment) }
        }
    }
}
