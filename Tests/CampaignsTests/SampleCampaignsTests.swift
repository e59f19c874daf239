import Calendars
import Foundation
import Testing
@testable import Campaigns

/// The campaign folder shipped in campaigns/ loads without a single problem and means what its comments say.
@Suite("Sample campaigns")
struct SampleCampaignsTests {
    let set = CampaignSet.load(directory: TestPaths.sampleCampaigns)

    @Test func loadWithoutProblems() {
        #expect(set.problems.map(\.description) == [])
        #expect(set.calendar != nil)
    }

    @Test func campaignsAreInPriorityOrder() {
        #expect(set.campaigns.map(\.id) == ["birthday", "nowruz", "eid-al-fitr", "feedback", "anniversary", "winback-1", "winback-2"])
    }

    @Test func calendarValues() throws {
        let calendar = try #require(set.calendar)
        #expect(calendar.timeZone.identifier == "Asia/Tehran")
        #expect(calendar.sendWindow.description == "10:00-20:00")
        #expect(calendar.maxPerDay == 1)
        // The sample calendar caps the week too (`make demo` shows a customer it holds back), and the
        // first win-back step waits 60 days before it goes to the same customer again.
        #expect(calendar.spacing == SpacingRules(maxPerWeek: 2))
        #expect(set.campaigns.first { $0.id == "winback-1" }?.cooldownDays == 60)
        #expect(calendar.isBlackedOut(try LocalDate(parsing: "2026-12-25")))
        #expect(calendar.isBlackedOut(try LocalDate(parsing: "2027-01-02")))
        #expect(!calendar.isBlackedOut(try LocalDate(parsing: "2027-01-03")))
        #expect(calendar.from.text == "Sahab Shop <hello@shop.example>")
        #expect(calendar.from.location.line == 6)
        #expect(calendar.replyTo?.text == "care@shop.example")
        #expect(calendar.defaultLocale == "en")
        let shop = try #require(calendar.shop)
        #expect(shop.name == "Sahab Shop" && shop.url == "https://shop.example")
        #expect(shop.locales == [
            "fa": LocalizedShopDetails(name: "فروشگاه سحاب", postalAddress: "تهران، خیابان ولیعصر، پلاک ۱۲، کد پستی ۱۵۹۴۸"),
            "ar": LocalizedShopDetails(name: "متجر سحاب"),
        ])
    }

    @Test func triggersOfEveryForm() throws {
        #expect(set.campaign(id: "birthday")?.trigger == .yearly(field: .birthday, daysBefore: 0, leapDay: .feb28))
        #expect(set.campaign(id: "anniversary")?.trigger == .yearly(field: .firstOrderAt, daysBefore: 0, leapDay: .feb28))
        #expect(set.campaign(id: "winback-1")?.trigger == .after(field: .lastOrderAt, days: 180))
        #expect(set.campaign(id: "winback-2")?.trigger == .after(field: .lastOrderAt, days: 194))
        #expect(set.campaign(id: "feedback")?.trigger == .after(field: .lastOrderAt, days: 7))
        #expect(set.campaign(id: "nowruz")?.trigger == .yearlyOn(month: 1, day: 1, calendar: .persian, overrides: [:]))
        let eid = try LocalDate(parsing: "2027-03-10")
        #expect(set.campaign(id: "eid-al-fitr")?.trigger == .yearlyOn(month: 10, day: 1, calendar: .islamicUmmAlQura, overrides: [1448: eid]))
    }

    @Test func templatesReferenced() {
        let templates = Set(set.campaigns.flatMap { $0.segments.map(\.template.text) })
        #expect(templates == ["birthday", "birthday-vip", "anniversary", "winback-1", "winback-2", "feedback", "nowruz", "eid-al-fitr"])
    }

    @Test func birthdaySegmentsPickVipFirst() throws {
        let birthday = try #require(set.campaign(id: "birthday"))
        let vip = SegmentFieldValues([.tags: .list(["vip"]), .totalSpent: .number(10), .ordersCount: .number(1)])
        let bigSpender = SegmentFieldValues([.tags: .list([]), .totalSpent: .number(1500), .ordersCount: .number(5)])
        let newcomer = SegmentFieldValues([.totalSpent: .number(1500), .ordersCount: .number(4)])
        #expect(birthday.segment(for: vip)?.name == "vip")
        #expect(birthday.segment(for: bigSpender)?.name == "vip")
        #expect(birthday.segment(for: newcomer)?.name == "everyone")
        #expect(birthday.segment(for: newcomer)?.template.text == "birthday")
        #expect(birthday.coupon == Coupon(prefix: "BDAY", percent: 20, validDays: 14))
        #expect(birthday.graceDays == 1)
        #expect(birthday.segmentFields == [.tags, .totalSpent, .ordersCount])
    }
}
