import Foundation

/// The report as JSON: rates, differences, interval bounds and p-values rounded to 4 decimals, z
/// to 2, money to 2; a figure that cannot be computed (an empty group) is `null`.
public enum ReportJSON {
    /// The JSON document, keys sorted.
    public static func data(_ report: Report) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        return try encoder.encode(document(report))
    }

    struct Document: Encodable {
        var from: String
        var to: String
        var conversion_window_days: Int
        var churn_days: Int
        var campaigns: [Campaign]
        var retention: RetentionFigures
    }

    struct Campaign: Encodable {
        var campaign: String
        var segment: String
        var eligible, sent, held_out, bounced, complaints, unsubscribes: Int
        var sent_conversions, held_out_conversions: Int
        var conversion_rate_sent, conversion_rate_held_out, difference, difference_low, difference_high, p_value, z: Decimal?
        var revenue_per_recipient, revenue_per_held_out: Decimal?
        var attributed_orders, redemptions: Int
        /// By currency code (`""` for orders without one).
        var attributed_revenue: [String: Decimal]
    }

    struct RetentionFigures: Encodable {
        var customers, orders, repeat_customers, churned_customers, won_back_customers: Int
        var revenue: Decimal
        var repeat_purchase_rate, churn_rate, purchase_frequency, average_order_value, customer_lifetime_value: Decimal?
        var cohorts: [CohortFigures]
    }

    struct CohortFigures: Encodable {
        var month: String
        var customers: Int
        var active: [Int]
        var shares: [Decimal]
    }

    static func document(_ report: Report) -> Document {
        Document(
            from: report.from.description, to: report.to.description, conversion_window_days: report.conversionWindowDays,
            churn_days: report.churnDays, campaigns: report.campaigns.map(campaign), retention: retention(report.retention))
    }

    static func campaign(_ result: CampaignResult) -> Campaign {
        let test = result.conversion
        return Campaign(
            campaign: result.campaignID, segment: result.segment, eligible: result.eligible, sent: result.sent,
            held_out: result.heldOut, bounced: result.bounced, complaints: result.complaints, unsubscribes: result.unsubscribes,
            sent_conversions: test.mailedConversions, held_out_conversions: test.heldOutConversions,
            conversion_rate_sent: rounded(test.mailedRate, 4), conversion_rate_held_out: rounded(test.heldOutRate, 4),
            difference: rounded(test.difference, 4), difference_low: rounded(test.confidenceInterval?.lowerBound, 4),
            difference_high: rounded(test.confidenceInterval?.upperBound, 4), p_value: rounded(test.pValue, 4),
            z: rounded(test.z, 2), revenue_per_recipient: money(result.revenuePerRecipient),
            revenue_per_held_out: money(result.revenuePerHeldOut), attributed_orders: result.attributedOrders,
            redemptions: result.redemptions, attributed_revenue: result.attributedRevenue.mapValues { money($0)! })
    }

    static func retention(_ retention: Retention) -> RetentionFigures {
        RetentionFigures(
            customers: retention.customers, orders: retention.orders, repeat_customers: retention.repeatCustomers,
            churned_customers: retention.churnedCustomers, won_back_customers: retention.wonBackCustomers,
            revenue: money(retention.revenue)!, repeat_purchase_rate: rounded(retention.repeatPurchaseRate, 4),
            churn_rate: rounded(retention.churnRate, 4), purchase_frequency: rounded(retention.purchaseFrequency, 4),
            average_order_value: money(retention.averageOrderValue), customer_lifetime_value: money(retention.customerLifetimeValue),
            cohorts: retention.cohorts.map { cohort in
                CohortFigures(month: cohort.month, customers: cohort.customers, active: cohort.active,
                              shares: cohort.shares.map { rounded($0, 4)! })
            })
    }

    /// `value` rounded half away from zero to `places` decimals, as an exact decimal.
    static func rounded(_ value: Double?, _ places: Int) -> Decimal? {
        guard let value, value.isFinite else { return nil }
        return money(Decimal(value), places: places)
    }

    /// `value` rounded half away from zero to `places` decimals.
    static func money(_ value: Decimal?, places: Int = 2) -> Decimal? {
        guard var input = value else { return nil }
        var output = Decimal()
        NSDecimalRound(&output, &input, places, .plain)
        return output
    }
}
