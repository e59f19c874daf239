import Calendars
import Foundation
import Mail
import Testing
@testable import Store

/// Reza (c2) has been sent two messages: birthday (segment vip, coupon BDAY-7QX2) on 2026-03-10
/// and winback-1 (segment everyone, no coupon) on 2026-03-15.
final class AttributionFixture {
    let ledger: SendLedgerFixture
    var store: KeepsakeStore { ledger.store }
    let birthdaySent = try! instant("2026-03-10T08:00:00Z")
    let winbackSent = try! instant("2026-03-15T08:00:00Z")
    private(set) var birthdayID: Int64 = 0
    private(set) var winbackID: Int64 = 0

    init(_ engine: StoreEngine = .sqlite) throws {
        ledger = try SendLedgerFixture(engine)
        let occurrence = OccurrenceID(campaignID: "birthday", customerID: "c2", date: try LocalDate(parsing: "2026-03-10"))
        let codes = try store.reserveCouponCodes([occurrence], reservedBy: "test", now: birthdaySent) { _, _ in "BDAY-7QX2" }
        #expect(codes[occurrence] == "BDAY-7QX2")
        birthdayID = try sent("birthday", segment: "vip", day: "2026-03-10", at: birthdaySent, code: "BDAY-7QX2")
        winbackID = try sent("winback-1", segment: "everyone", day: "2026-03-15", at: winbackSent, code: nil)
    }

    /// Records a delivery to Reza and marks it sent at `instant`.
    func sent(_ campaignID: String, segment: String, day: String, at instant: Date, code: String?) throws -> Int64 {
        var delivery = ledger.due("c2", "reza@shop.example", occurrence: day)
        delivery.campaignID = campaignID
        delivery.segment = segment
        delivery.couponCode = code
        delivery.messageID = "<\(campaignID).\(day)@shop.example>"
        let recorded = try #require(try store.recordDue([delivery]).first)
        _ = try store.claim(recorded.id, now: instant)
        try store.recordOutcome(recorded.id, .sent(reply: "250 2.0.0 Ok", stage: "end_of_data"), now: instant)
        return recorded.id
    }

    func order(
        _ id: String, customer: String? = "c2", email: String? = nil, at time: String, total: String = "100",
        codes: [String] = [], status: OrderStatus = .counted
    ) throws -> OrderRecord {
        OrderRecord(orderID: id, customerID: customer, email: try email.map { try EmailAddress($0) },
                    createdAt: try PointInTime(parsing: time), total: Decimal(string: total)!, currency: "EUR",
                    status: status, discountCodes: codes)
    }

    func record(_ orders: [OrderRecord], windows: AttributionWindows = AttributionWindows()) throws -> [OrderEffects] {
        try store.importSession(commit: true, recordedBy: "test") { session in
            try orders.map { try session.recordOrder($0, windows: windows) }
        }
    }
}

@Suite("Order attribution")
struct OrderAttributionTests {
    @Test("an order using a Keepsake code is attributed to that code's delivery, even when a later message is within the window", arguments: StoreFixture.engines)
    func couponBeatsWindow(engine: StoreEngine) throws {
        let fixture = try AttributionFixture(engine)
        let effects = try fixture.record([
            try fixture.order("1001", at: "2026-03-16T10:00:00Z", codes: ["BDAY-7QX2", "SUMMER10"]),
            try fixture.order("1002", at: "2026-03-16T11:00:00Z"),
        ])
        #expect(effects.map(\.attribution) == [.coupon, .window])
        #expect((effects[0].codesRedeemed, effects[0].shopCodes) == (1, 1))
        let byCode = try #require(try fixture.store.attribution(ofOrder: "1001"))
        #expect((byCode.deliveryID, byCode.campaignID, byCode.segment, byCode.couponCode) == (fixture.birthdayID, "birthday", "vip", "BDAY-7QX2"))
        let byWindow = try #require(try fixture.store.attribution(ofOrder: "1002"))
        #expect((byWindow.deliveryID, byWindow.campaignID, byWindow.windowDays) == (fixture.winbackID, "winback-1", 7))
        #expect(try fixture.store.couponRedemptions(campaignID: "birthday")["BDAY-7QX2"]
            == CouponRedemption(orderID: "1001", placedAt: "2026-03-16T10:00:00.000Z"))
    }

    @Test("a code of a delivery in doubt (the relay may have accepted it) attributes by coupon: the order proves it arrived", arguments: StoreFixture.engines)
    func inDoubtDeliveryCode(engine: StoreEngine) throws {
        let fixture = try AttributionFixture(engine)
        let occurrence = OccurrenceID(campaignID: "nowruz", customerID: "c1", date: try LocalDate(parsing: "2026-03-21"))
        let attempt = try instant("2026-03-21T07:00:00Z")
        _ = try fixture.store.reserveCouponCodes([occurrence], reservedBy: "test", now: attempt) { _, _ in "NOWRUZ-4PQ8" }
        var delivery = fixture.ledger.due("c1", "Sara@Shop.example", occurrence: "2026-03-21")
        delivery.campaignID = "nowruz"
        delivery.couponCode = "NOWRUZ-4PQ8"
        let recorded = try #require(try fixture.store.recordDue([delivery]).first)
        _ = try fixture.store.claim(recorded.id, now: attempt)
        try fixture.store.recordOutcome(recorded.id, .inDoubt(reply: "", stage: "end_of_data"), now: attempt)
        let effects = try fixture.record([try fixture.order("1010", customer: "c1", at: "2026-03-25T10:00:00Z", codes: ["NOWRUZ-4PQ8"])])
        #expect(effects.map(\.attribution) == [.coupon])
        let attribution = try #require(try fixture.store.attribution(ofOrder: "1010"))
        #expect((attribution.deliveryID, attribution.sentAt) == (recorded.id, attempt))
    }

    @Test("a code redeems once: a second order using it is neither a redemption nor attributed by it", arguments: StoreFixture.engines)
    func aCodeRedeemsOnce(engine: StoreEngine) throws {
        let fixture = try AttributionFixture(engine)
        let effects = try fixture.record([
            try fixture.order("1001", at: "2026-03-16T10:00:00Z", codes: ["BDAY-7QX2"]),
            try fixture.order("1003", at: "2026-04-30T10:00:00Z", codes: ["BDAY-7QX2"]),
        ])
        #expect(effects.map(\.codesRedeemed) == [1, 0])
        #expect(effects[1].codesRedeemedBefore == 1)
        #expect(effects[1].attribution == nil)
        #expect(try fixture.store.couponRedemptions(campaignID: "birthday")["BDAY-7QX2"]?.orderID == "1001")
    }

    @Test("the window includes a message sent exactly 7 days before the order, and nothing a millisecond older", arguments: StoreFixture.engines)
    func windowBoundary(engine: StoreEngine) throws {
        let fixture = try AttributionFixture(engine)
        let effects = try fixture.record([
            try fixture.order("exact", at: "2026-03-22T08:00:00Z"),
            try fixture.order("late", at: "2026-03-22T08:00:00.001Z"),
            // Before any message: nothing sent after the order counts.
            try fixture.order("early", at: "2026-03-01T08:00:00Z"),
        ])
        #expect(effects.map(\.attribution) == [.window, nil, nil])
        #expect(try fixture.store.attribution(ofOrder: "exact")?.deliveryID == fixture.winbackID)
        #expect(try fixture.store.latestSentDelivery(customerID: "c2", atOrBefore: try instant("2026-03-22T08:00:00.001Z"))?
            .deliveryID == fixture.winbackID)
    }

    @Test("a campaign's own window replaces the calendar's: winback-1 with 2 days leaves an order 3 days later to birthday", arguments: StoreFixture.engines)
    func campaignWindow(engine: StoreEngine) throws {
        let fixture = try AttributionFixture(engine)
        let windows = AttributionWindows(defaultDays: 14, byCampaign: ["winback-1": 2])
        let effects = try fixture.record([try fixture.order("1004", at: "2026-03-18T09:00:00Z")], windows: windows)
        #expect(effects.map(\.attribution) == [.window])
        let attribution = try #require(try fixture.store.attribution(ofOrder: "1004"))
        #expect((attribution.campaignID, attribution.windowDays) == ("birthday", 14))
    }

    @Test("a later export that marks an order refunded takes back its count, total, attribution and redemption; repeating it changes nothing", arguments: StoreFixture.engines)
    func refundUpdatesStatus(engine: StoreEngine) throws {
        let fixture = try AttributionFixture(engine)
        _ = try fixture.record([try fixture.order("1001", at: "2026-03-16T10:00:00Z", total: "80.50", codes: ["BDAY-7QX2"])])
        let before = try #require(try orderTotals(fixture.store, customerID: "c2"))
        #expect(before.ordersCount == 1 && before.totalSpent == Decimal(string: "80.50"))
        let refunded = try fixture.order("1001", at: "2026-03-16T10:00:00Z", total: "80.50", codes: ["BDAY-7QX2"], status: .refunded)
        let effects = try fixture.record([refunded])
        #expect(effects.map(\.outcome) == [.statusChanged(from: .counted, to: .refunded)])
        let after = try #require(try orderTotals(fixture.store, customerID: "c2"))
        #expect(after.ordersCount == 0 && after.totalSpent == 0)
        #expect(try fixture.store.attribution(ofOrder: "1001") == nil)
        #expect(try fixture.store.couponRedemptions(campaignID: "birthday").isEmpty)
        #expect(try fixture.store.order(id: "1001")?.status == .refunded)
        #expect(try fixture.record([refunded]).map(\.outcome) == [.alreadyImported])
    }

    @Test("a guest order (unknown customer) is stored and counted, and attributed by a Keepsake code it used", arguments: StoreFixture.engines)
    func guestOrderWithCode(engine: StoreEngine) throws {
        let fixture = try AttributionFixture(engine)
        let effects = try fixture.record([
            try fixture.order("g1", customer: nil, email: "Guest@Shop.example", at: "2026-03-16T10:00:00Z", codes: ["BDAY-7QX2"]),
            try fixture.order("g2", customer: nil, email: "guest@shop.example", at: "2026-03-16T11:00:00Z"),
        ])
        #expect(effects.map(\.outcome) == [.guest, .guest])
        #expect(effects.map(\.attribution) == [.coupon, nil])
        #expect(try fixture.store.unmatchedOrders().map(\.orderID) == ["g1", "g2"])
        #expect(try fixture.store.unmatchedOrders().first?.guestEmail == "guest@shop.example")
    }

    @Test("an order in another currency than its customer's is refused, nothing stored", arguments: StoreFixture.engines)
    func currencyMismatch(engine: StoreEngine) throws {
        let fixture = try AttributionFixture(engine)
        try fixture.store.importSession(commit: true, recordedBy: "test") { session in
            var reza = try customer("c2", "reza@shop.example")
            reza.currency = "IRR"
            _ = try session.upsert(reza)
        }
        let effects = try fixture.record([try fixture.order("1005", at: "2026-03-16T10:00:00Z")])
        #expect(effects.map(\.outcome) == [.currencyMismatch(customerID: "c2", customerCurrency: "IRR")])
        #expect(try fixture.store.order(id: "1005") == nil)
    }

    @Test("campaign results: attributed orders, revenue by currency and redemptions per campaign and segment, counted orders of the period only", arguments: StoreFixture.engines)
    func campaignResults(engine: StoreEngine) throws {
        let fixture = try AttributionFixture(engine)
        _ = try fixture.record([
            try fixture.order("1001", at: "2026-03-16T10:00:00Z", total: "80.50", codes: ["BDAY-7QX2"]),
            try fixture.order("1002", at: "2026-03-17T10:00:00Z", total: "19.25"),
            try fixture.order("1006", at: "2026-03-18T10:00:00Z", total: "5", status: .cancelled),
            try fixture.order("1007", at: "2026-04-18T10:00:00Z", total: "7"),
        ])
        let results = try fixture.store.campaignResults(
            placedFrom: try instant("2026-03-01T00:00:00Z"), to: try instant("2026-04-01T00:00:00Z"))
        var birthday = CampaignResults(campaignID: "birthday", segment: "vip")
        (birthday.attributedOrders, birthday.attributedByCoupon, birthday.revenue, birthday.redemptions) =
            (1, 1, ["EUR": Decimal(string: "80.50")!], 1)
        var winback = CampaignResults(campaignID: "winback-1", segment: "everyone")
        (winback.attributedOrders, winback.revenue) = (1, ["EUR": Decimal(string: "19.25")!])
        #expect(results == [birthday, winback])
    }
}
