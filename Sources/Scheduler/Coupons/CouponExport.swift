import Calendars
import Campaigns
import Foundation
import Store

/// One coupon code as `keepsake coupons export` lists it for the shop's checkout.
public struct CouponExportRow: Hashable, Sendable {
    /// The code, such as `BDAY-7KQ2M9XDF3`.
    public var code: String
    /// The shop's customer id (empty once the customer was forgotten).
    public var customerID: String
    /// The address the message goes (or went) to (empty once forgotten).
    public var email: String
    /// The discount, 1–100 per cent.
    public var percent: Int
    /// The last day the code is valid: the delivery's day plus the coupon's `valid_days`, in the
    /// customer's own time zone — the date the message tells the customer.
    public var expires: LocalDate
    /// `planned` (not sent yet), or the send ledger's status: `sending`, `sent`, `deferred`,
    /// `failed`, `expired`, `in_doubt`, `cancelled`.
    public var status: String
    /// The campaign's id.
    public var campaignID: String
    /// The customer's local day the message goes (or went) out.
    public var day: LocalDate
    /// The occurrence's date (the birthday, the anniversary, …): with campaign and customer, what the code belongs to.
    public var occurrence: LocalDate
    /// The segment the delivery went (or goes) to, whose coupon it carries.
    public var segment = ""
    /// The order that redeemed the code, and when it was placed; nil while unused.
    public var redemption: CouponRedemption?
}

/// The coupon codes of one campaign over some days, for the shop to import before the mail goes
/// out: the codes the send ledger holds for those days (with their delivery's status) and the
/// codes the planner will give on them that are not recorded yet (`planned`) — the same planner as
/// `keepsake preview` and the daemon. Listing a code reserves it for its delivery (``CouponCodes``),
/// so what the shop imported is exactly what the message will carry.
public struct CouponExport {
    let planner: Planner
    let store: KeepsakeStore
    let codes: CouponCodes

    /// An export planned with `planner`, with codes derived as `composer` renders them.
    public init(planner: Planner, store: KeepsakeStore, composer: DeliveryComposer) {
        self.planner = planner
        self.store = store
        codes = CouponCodes(store: store, composer: composer)
    }

    /// The codes of `campaignID` for the customers' local days in `days`, by day and customer,
    /// planning from `now`; the codes not reserved yet are reserved by `reservedBy`.
    ///
    /// - Throws: ``PlannerError`` `unknownCampaign` or `noCoupon`; the store's errors.
    public func rows(campaignID: String, days: ClosedRange<LocalDate>, now: Date, reservedBy: String) throws -> [CouponExportRow] {
        guard let campaign = planner.campaigns.first(where: { $0.id == campaignID }) else {
            let known = planner.campaigns.map(\.id).joined(separator: ", ")
            throw PlannerError(.unknownCampaign, "no campaign has the id \(campaignID); the campaigns are \(known)")
        }
        guard campaign.coupon != nil else {
            let withCoupons = planner.campaigns.filter { $0.coupon != nil }.map(\.id).joined(separator: ", ")
            throw PlannerError(
                .noCoupon,
                "the campaign \(campaignID) (\(campaign.file)) gives no coupon, so it has no codes; add "
                    + "coupon: {prefix: GIFT, percent: 10, valid_days: 14} to it, or export one of \(withCoupons.isEmpty ? "none" : withCoupons)")
        }
        // The plan before the ledger: a delivery the daemon records in between is then in both
        // (and the ledger's row wins) rather than in neither.
        var planned: [PlannedDelivery] = []
        do {
            try planner.plan(now: now, days: days, campaignID: campaignID) { delivery in
                if delivery.status == .planned { planned.append(delivery) }
            }
        } catch let error as PlannerError where error.code == .invalidRange {
            // Days wholly in the past: only the ledger knows them.
        }
        let ledger = try store.deliveries(campaignID: campaignID, days: days)
        let recorded = Set(ledger.compactMap(\.occurrence))
        planned.removeAll { recorded.contains($0.occurrence) }
        planned.sort { ($0.day, $0.customerID, $0.occurrence.date) < ($1.day, $1.customerID, $1.occurrence.date) }
        // A row recorded before codes were reserved gets its code now (its next attempt carries it);
        // a dropped or held-out delivery is never given one.
        let unreserved = ledger.filter { $0.couponCode == nil && $0.status != .dropped && $0.status != .heldOut }.compactMap(\.occurrence)
        let reserved = try codes.reserve(
            planned.map(\.occurrence) + unreserved, reservedBy: reservedBy, now: now, fillingLedger: !unreserved.isEmpty)

        let redemptions = try store.couponRedemptions(campaignID: campaignID)
        func row(
            code: String, customerID: String?, email: String?, status: String, day: LocalDate, occurrence: LocalDate,
            segment: String
        ) -> CouponExportRow {
            // A segment's coupon: (15 % for VIPs) changes the percent and validity, never the prefix.
            let coupon = campaign.coupon(forSegment: segment) ?? campaign.coupon!
            var row = CouponExportRow(
                code: code, customerID: customerID ?? "", email: email ?? "", percent: coupon.percent,
                expires: day.adding(days: coupon.validDays), status: status, campaignID: campaignID, day: day,
                occurrence: occurrence)
            row.segment = segment
            row.redemption = redemptions[code]
            return row
        }
        var rows = ledger.compactMap { delivery -> CouponExportRow? in
            guard let code = delivery.couponCode ?? delivery.occurrence.flatMap({ reserved[$0] }) else { return nil }
            return row(
                code: code, customerID: delivery.customerID, email: delivery.email, status: delivery.status.rawValue,
                day: delivery.day, occurrence: delivery.occurrenceDate, segment: delivery.segment)
        }
        rows += planned.compactMap { delivery in
            reserved[delivery.occurrence].map { code in
                row(code: code, customerID: delivery.customerID, email: delivery.email, status: "planned",
                    day: delivery.day, occurrence: delivery.occurrence.date, segment: delivery.segment)
            }
        }
        return rows.sorted { ($0.day, $0.customerID, $0.occurrence, $0.code) < ($1.day, $1.customerID, $1.occurrence, $1.code) }
    }
}
