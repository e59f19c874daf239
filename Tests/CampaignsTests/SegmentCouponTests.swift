import Foundation
import Testing
@testable import Campaigns

/// A coupon per segment (`coupon: {percent: 15}` on a segment) and `attribution_window`, in the
/// calendar and per campaign, with every mistake at its file, line and column.
@Suite("Segment coupons and attribution windows")
struct SegmentCouponTests {
    /// The folder tests' calendar, listing birthday.yaml only and crediting orders for 10 days.
    static let calendar = CampaignSetTests.calendar.replacingOccurrences(
        of: "campaigns:\n  - first.yaml\n  - second.yaml\n", with: "attribution_window: 10d\ncampaigns:\n  - birthday.yaml\n")

    static let birthday = """
        id: birthday
        name: Birthday
        trigger: {yearly: birthday, days_before: 0}
        segments:
          - {name: vip, where: "orders_count >= 5", template: birthday-vip, coupon: {percent: 15}}
          - {name: everyone, template: birthday}
        coupon: {prefix: BDAY, percent: 10, valid_days: 14}
        attribution_window: 3d

        """

    func load(calendar: String = Self.calendar, birthday: String) throws -> (set: CampaignSet, problems: [String]) {
        let folder = try ScratchFolder()
        defer { folder.remove() }
        try folder.write("calendar.yaml", calendar)
        try folder.write("birthday.yaml", birthday)
        let set = CampaignSet.load(directory: folder.path)
        return (set, set.problems.map { $0.description.replacingOccurrences(of: folder.path + "/", with: "") })
    }

    @Test func aSegmentsCouponChangesThePercentAndKeepsThePrefix() throws {
        let (set, problems) = try load(birthday: Self.birthday)
        #expect(problems == [])
        let campaign = try #require(set.campaign(id: "birthday"))
        #expect(campaign.coupon(forSegment: "vip") == Coupon(prefix: "BDAY", percent: 15, validDays: 14))
        #expect(campaign.coupon(forSegment: "everyone") == Coupon(prefix: "BDAY", percent: 10, validDays: 14))
        #expect(campaign.attributionWindowDays == 3)
        #expect(set.calendar?.attributionWindowDays == 10)
    }

    @Test func theCalendarsWindowIsSevenDaysUnlessSet() throws {
        let calendar = Self.calendar.replacingOccurrences(of: "attribution_window: 10d\n", with: "")
        let (set, problems) = try load(calendar: calendar, birthday: Self.birthday)
        #expect(problems == [])
        #expect(set.calendar?.attributionWindowDays == 7)
    }

    @Test func mistakesAreReportedAtTheirLineAndColumn() throws {
        let badCampaign = Self.birthday
            .replacingOccurrences(of: "coupon: {percent: 15}", with: "coupon: {prefix: VIP, percent: 15}")
            .replacingOccurrences(of: "attribution_window: 3d", with: "attribution_window: 7")
        let badCalendar = Self.calendar.replacingOccurrences(of: "attribution_window: 10d", with: "attribution_window: 120d")
        let (_, problems) = try load(calendar: badCalendar, birthday: badCampaign)
        #expect(problems == [
            "calendar.yaml:6:21: attribution_window: an attribution window of 120 days is too long; give 1d to 90d",
            "birthday.yaml:5:78: segments[0].coupon.prefix: unknown key; a segment's coupon keeps the campaign's prefix; set prefix: in the campaign's coupon:",
            "birthday.yaml:8:21: attribution_window: expected an attribution window in whole days such as 7d or 14d, got \"7\" (add the unit d: 7d)",
        ])
    }

    @Test func aSegmentCouponNeedsTheCampaignsCoupon() throws {
        let withoutCoupon = Self.birthday.replacingOccurrences(of: "coupon: {prefix: BDAY, percent: 10, valid_days: 14}\n", with: "")
        let (_, problems) = try load(birthday: withoutCoupon)
        #expect(problems.count == 1)
        #expect(problems.first?.hasPrefix("birthday.yaml:5:77: segments[0].coupon: a segment's coupon changes the campaign's coupon, and this campaign has none") == true,
                "\(problems)")
    }
}
