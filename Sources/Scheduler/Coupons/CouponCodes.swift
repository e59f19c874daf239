import Campaigns
import Foundation
import Mail
import Store

/// The coupon codes of deliveries: derived from the operator's secret (``LinkTokens``) and made
/// unique by the store, which holds every code given so far.
///
/// A delivery's code is its occurrence's first candidate (`BDAY-` and 10 characters of an HMAC of
/// customer, campaign and occurrence) unless another occurrence already holds that code; then the
/// second candidate, and so on. The code is reserved for good the first time it is needed — when
/// the daemon records the delivery in the send ledger, or when `keepsake coupons export` lists it —
/// so retries, previews and exports all show the same code, and no code is ever given twice
/// (across campaigns too: `winback-1` and `winback-2` may share the prefix `BACK`).
///
/// ```swift
/// let codes = CouponCodes(store: store, composer: composer)
/// let shown = try codes.lookUp(deliveries)          // preview: writes nothing
/// let kept = try codes.reserve(occurrences, reservedBy: "keepsake run", now: Date())
/// ```
public struct CouponCodes: Sendable {
    let store: KeepsakeStore
    let tokens: LinkTokens
    /// The coupons of the campaigns that have one, by campaign id.
    let coupons: [String: Coupon]
    /// The characters after the prefix's dash (shorter only in tests that force collisions).
    let length: Int

    /// Codes for `campaigns` under the secret of `tokens`.
    public init(store: KeepsakeStore, tokens: LinkTokens, campaigns: [Campaign], length: Int = LinkTokens.couponCodeLength) {
        self.store = store
        self.tokens = tokens
        var coupons: [String: Coupon] = [:]
        for campaign in campaigns {
            if let coupon = campaign.coupon, coupons[campaign.id] == nil { coupons[campaign.id] = coupon }
        }
        self.coupons = coupons
        self.length = length
    }

    /// Codes for the campaigns and under the secret that `composer` renders with.
    public init(store: KeepsakeStore, composer: DeliveryComposer) {
        self.init(store: store, tokens: composer.envelope.tokens, campaigns: Array(composer.campaigns.values))
    }

    /// The deliveries with their coupon codes filled in, reserving nothing: the code each holds,
    /// or the one it would get now. Deliveries of campaigns without a coupon are left as they are.
    public func lookUp(_ deliveries: [PlannedDelivery]) throws -> [PlannedDelivery] {
        try lookUp(deliveries) { _ in true }
    }

    /// ``lookUp(_:)`` for the deliveries that `needsCode` picks; the others are left as they are.
    public func lookUp(_ deliveries: [PlannedDelivery], where needsCode: (PlannedDelivery) -> Bool) throws -> [PlannedDelivery] {
        let wanted = deliveries.filter(needsCode)
        guard !wanted.isEmpty else { return deliveries }
        let codes = try store.couponCodes(withCoupons(wanted.map(\.occurrence)), candidate: candidate)
        return deliveries.map { delivery in
            var delivery = delivery
            delivery.couponCode = codes[delivery.occurrence] ?? delivery.couponCode
            return delivery
        }
    }

    /// Reserves the codes of these occurrences (those of campaigns with a coupon) for good, and
    /// returns them; an occurrence that already holds a code keeps it. With `fillingLedger`, their
    /// ledger rows recorded without a code (by an earlier Keepsake) get it too.
    public func reserve(
        _ occurrences: [OccurrenceID], reservedBy: String, now: Date, fillingLedger: Bool = false
    ) throws -> [OccurrenceID: String] {
        try store.reserveCouponCodes(
            withCoupons(occurrences), reservedBy: reservedBy, now: now, fillingLedger: fillingLedger, candidate: candidate)
    }

    /// The n-th candidate code of an occurrence.
    func candidate(_ occurrence: OccurrenceID, _ number: Int) -> String {
        tokens.couponCode(
            prefix: coupons[occurrence.campaignID]?.prefix ?? "", customerID: occurrence.customerID,
            campaignID: occurrence.campaignID, occurrence: occurrence.date.description, candidate: number, length: length)
    }

    private func withCoupons(_ occurrences: [OccurrenceID]) -> [OccurrenceID] {
        occurrences.filter { coupons[$0.campaignID] != nil }
    }
}
