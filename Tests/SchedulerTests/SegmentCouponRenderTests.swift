import Calendars
import Campaigns
import Foundation
import Testing
@testable import Scheduler
import PlannerTestSupport

/// A segment's coupon (15 % for VIPs, 10 % for everyone else, in one campaign) is the coupon its
/// deliveries render, with the campaign's prefix.
@Suite struct SegmentCouponRenderTests {
    @Test func eachSegmentsDeliveryCarriesItsOwnPercentAndValidity() throws {
        let vip = customer("vip", timeZone: "UTC", birthday: "1990-03-21", locale: "en", tags: ["vip"])
        let regular = customer("regular", timeZone: "UTC", birthday: "1990-03-21", locale: "en")
        var birthdayCampaign = campaign("birthday", birthday(), segments: [
            ("vip", "tags contains \"vip\"", "birthday-vip"), ("everyone", nil, "birthday"),
        ])
        birthdayCampaign.coupon = Coupon(prefix: "BDAY", percent: 10, validDays: 14)
        birthdayCampaign.segments[0].coupon = Coupon(prefix: "BDAY", percent: 15, validDays: 30)
        let fixture = try PlannerFixture([vip, regular])
        let deliveries = try fixture.planner([birthdayCampaign]).plan(
            now: instant("2026-03-20T00:00:00Z"), days: day("2026-03-21")...day("2026-03-21"))
        let composer = try sampleComposer([birthdayCampaign])
        var coupons: [String: (Int, LocalDate?, Bool)] = [:]
        for (delivery, record) in zip(deliveries.sorted { $0.customerID > $1.customerID }, [vip, regular]) {
            let coupon = try #require(composer.renderContext(delivery, customer: record, oneClick: nil).coupon)
            coupons[delivery.segment] = (coupon.percent, coupon.validUntil, coupon.code.hasPrefix("BDAY-"))
        }
        #expect(coupons["vip"].map { [$0.0 == 15, $0.1 == day("2026-04-20"), $0.2] } == [true, true, true])
        #expect(coupons["everyone"].map { [$0.0 == 10, $0.1 == day("2026-04-04"), $0.2] } == [true, true, true])
    }
}
