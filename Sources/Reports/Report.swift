import Calendars
import Foundation

/// The results of a period: per campaign and segment, the deliveries and what followed them, and
/// the shop's retention figures. The README's "Results" section defines every figure.
public struct Report: Hashable, Sendable {
    /// The period's first and last local day.
    public var from: LocalDate
    public var to: LocalDate
    /// See ``ReportRequest/conversionWindowDays`` and ``ReportRequest/churnDays``.
    public var conversionWindowDays: Int
    public var churnDays: Int
    /// One row per campaign and segment, by campaign then segment.
    public var campaigns: [CampaignResult]
    /// The retention figures over every order placed before the end of the period.
    public var retention: Retention
}

/// One campaign's segment over the period.
public struct CampaignResult: Hashable, Sendable {
    public var campaignID: String
    public var segment: String
    /// Every ledger row of the period, whatever became of it.
    public var eligible = 0
    /// Accepted by the relay.
    public var sent = 0
    /// Kept from being mailed by the holdout.
    public var heldOut = 0
    /// Refused for good, by the relay or by returned mail.
    public var bounced = 0
    /// Complaints tied to the period's deliveries by returned mail.
    public var complaints = 0
    /// Sent deliveries whose recipient withdrew consent within the conversion window after its due time.
    public var unsubscribes = 0
    /// Conversions of the mailed and the held-out group.
    public var conversion = ConversionTest(mailed: 0, mailedConversions: 0, heldOut: 0, heldOutConversions: 0)
    /// Revenue of the orders in the window after each sent (held-out) delivery, summed.
    public var mailedRevenue: Decimal = 0
    public var heldOutRevenue: Decimal = 0
    /// Counted orders placed in the period and attributed to the segment's deliveries (by coupon
    /// code or by the attribution window), each order once.
    public var attributedOrders = 0
    /// Their totals, by currency code (`""` for orders without one).
    public var attributedRevenue: [String: Decimal] = [:]
    /// The segment's Keepsake codes redeemed by counted orders placed in the period.
    public var redemptions = 0

    public init(campaignID: String, segment: String) {
        self.campaignID = campaignID
        self.segment = segment
    }

    /// Revenue in the window per sent delivery.
    public var revenuePerRecipient: Decimal? { sent > 0 ? mailedRevenue / Decimal(sent) : nil }
    /// Revenue in the window per held-out delivery.
    public var revenuePerHeldOut: Decimal? { heldOut > 0 ? heldOutRevenue / Decimal(heldOut) : nil }
}

/// The shop's retention over its order history up to the end of the period.
public struct Retention: Hashable, Sendable {
    /// Customers with at least one order, and their orders and revenue.
    public var customers = 0
    public var orders = 0
    public var revenue: Decimal = 0
    /// Customers with two orders or more.
    public var repeatCustomers = 0
    /// Customers whose last order is more than the churn threshold before the end of the period.
    public var churnedCustomers = 0
    /// Distinct customers sent a win-back delivery in the period who ordered within its window.
    public var wonBackCustomers = 0
    /// Monthly cohorts by first-order month (UTC), the twelve months up to the period's last.
    public var cohorts: [Cohort] = []

    public var repeatPurchaseRate: Double? { customers > 0 ? Double(repeatCustomers) / Double(customers) : nil }
    public var churnRate: Double? { customers > 0 ? Double(churnedCustomers) / Double(customers) : nil }
    /// Orders per customer.
    public var purchaseFrequency: Double? { customers > 0 ? Double(orders) / Double(customers) : nil }
    /// Average order value: revenue per order.
    public var averageOrderValue: Decimal? { orders > 0 ? revenue / Decimal(orders) : nil }
    /// Customer lifetime value: revenue per customer over the observed history.
    public var customerLifetimeValue: Decimal? { customers > 0 ? revenue / Decimal(customers) : nil }
}

/// Customers whose first order fell in one month, and how many of them ordered in each month since.
public struct Cohort: Hashable, Sendable {
    /// `YYYY-MM`.
    public var month: String
    public var customers: Int
    /// Element k: cohort customers with an order in the k-th month after `month` (0: the month itself).
    public var active: [Int]

    /// `active[k] / customers`.
    public var shares: [Double] { active.map { customers > 0 ? Double($0) / Double(customers) : 0 } }
}
