import Calendars
import Campaigns
import Foundation
import Store
import Testing
@testable import Scheduler
import PlannerTestSupport

/// Yearly dates in the customers' own calendars, including the days short months lack. The
/// Persian and Islamic expectations come from jdatetime 6.1.1 and hijridate 2.6.0
/// (`make oracles`, then Tests/Support/calendar_oracle.py), not from Foundation.
@Suite struct CalendarDateTests {
    /// Plans one year of one campaign for one customer, from 1 January of `year`.
    private func year(_ year: Int, _ campaign: Campaign, _ customer: CustomerRecord) throws -> [PlannedDelivery] {
        let fixture = try PlannerFixture([customer])
        return try fixture.planner([campaign]).plan(
            now: instant("\(year)-01-01T00:00:00Z"), days: day("\(year)-01-01")...day("\(year)-12-31"))
    }

    @Test(arguments: [
        (LeapDayRule.feb28, 2027, "2027-02-28"), (.mar1, 2027, "2027-03-01"),
        (.feb28, 2028, "2028-02-29"), (.mar1, 2028, "2028-02-29"), (.feb28, 2100, "2100-02-28"),
    ])
    func february29thInCommonAndLeapYears(rule: LeapDayRule, year: Int, expected: String) throws {
        let leapling = customer("leapling", timeZone: "UTC", birthday: "2000-02-29")
        let deliveries = try self.year(year, campaign("birthday", birthday(leapDay: rule)), leapling)
        #expect(deliveries.map(\.day) == [day(expected)])
        #expect(deliveries.map(\.occurrence.date) == [day(expected)])
    }

    @Test(arguments: [
        // 1404 is a common year (Esfand has 29 days), 1408 a leap year (jdatetime).
        (LeapDayRule.feb28, 2026, "2026-03-20"), (.mar1, 2026, "2026-03-21"), (.feb28, 2030, "2030-03-20"),
        (.mar1, 2025, "2025-03-20"),
    ])
    func esfand30th(rule: LeapDayRule, year: Int, expected: String) throws {
        let born = customer("esfand", timeZone: "Asia/Tehran", calendar: .persian, birthday: "--12-30")
        let deliveries = try self.year(year, campaign("birthday", birthday(leapDay: rule)), born)
        #expect(deliveries.map(\.day) == [day(expected)])
    }

    @Test(arguments: [
        // Ramadan 1446 has 29 days (1 Shawwal is 2025-03-30), Ramadan 1447 has 30 (hijridate).
        (LeapDayRule.feb28, 2025, "2025-03-29"), (.mar1, 2025, "2025-03-30"), (.feb28, 2026, "2026-03-19"),
    ])
    func islamicDay30OfA29DayMonth(rule: LeapDayRule, year: Int, expected: String) throws {
        let born = customer("ramadan", timeZone: "Asia/Riyadh", calendar: .islamicUmmAlQura, birthday: "--09-30")
        let deliveries = try self.year(year, campaign("birthday", birthday(leapDay: rule)), born)
        #expect(deliveries.map(\.day) == [day(expected)])
    }

    @Test func anIslamicBirthDateOnThe30thOfAMonthTheTableGives29DaysIsObservedOnThe29th() throws {
        // Foundation's table gives Ramadan 1410 29 days, hijridate's 30; Ramadan 1446 has 29 days in both.
        let birthDate = try CalendarDate(parsing: "1410-09-30", in: .islamicUmmAlQura)
        var born = customer("ramadan", timeZone: "Asia/Riyadh", calendar: .islamicUmmAlQura)
        born.birthday = birthDate
        let deliveries = try self.year(2025, campaign("birthday", birthday(leapDay: .feb28)), born)
        #expect(deliveries.map(\.day) == [day("2025-03-29")])
        #expect(try self.year(2026, campaign("birthday", birthday(leapDay: .feb28)), born).map(\.day) == [day("2026-03-19")])
    }

    @Test(arguments: [
        (2025, "2025-03-21"), (2026, "2026-03-21"), (2027, "2027-03-21"), (2028, "2028-03-20"),
        (2029, "2029-03-20"), (2030, "2030-03-21"), (2031, "2031-03-21"),
    ])
    func nowruzEachYear(year: Int, expected: String) throws {
        let nowruz = campaign("nowruz", .yearlyOn(month: 1, day: 1, calendar: .persian, overrides: [:]))
        let deliveries = try self.year(year, nowruz, customer("tehran", timeZone: "Asia/Tehran"))
        #expect(deliveries.map(\.day) == [day(expected)])
        #expect(deliveries.map(\.occurrence.date) == [day(expected)])
    }

    @Test(arguments: [
        (2025, "2025-03-30"), (2026, "2026-03-20"), (2027, "2027-03-09"), (2028, "2028-02-26"), (2029, "2029-02-14"),
    ])
    func eidAlFitrEachYear(year: Int, expected: String) throws {
        let eid = campaign("eid", .yearlyOn(month: 10, day: 1, calendar: .islamicUmmAlQura, overrides: [:]))
        let deliveries = try self.year(year, eid, customer("riyadh", timeZone: "Asia/Riyadh"))
        #expect(deliveries.map(\.day) == [day(expected)])
    }

    @Test func anOverrideReplacesTheTablesDayForItsYearOnly() throws {
        let eid = campaign("eid", .yearlyOn(
            month: 10, day: 1, calendar: .islamicUmmAlQura, overrides: [1448: day("2027-03-10")]))
        let riyadh = customer("riyadh", timeZone: "Asia/Riyadh")
        #expect(try year(2027, eid, riyadh).map(\.occurrence.date) == [day("2027-03-10")])
        #expect(try year(2026, eid, riyadh).map(\.occurrence.date) == [day("2026-03-20")])
    }

    @Test func aPersianBirthdayFollowsThePersianCalendarNotTheGregorianDay() throws {
        // 1 Farvardin: 2025-03-21 and 2028-03-20 (jdatetime).
        let born = customer("farvardin", timeZone: "Asia/Tehran", calendar: .persian, birthday: "1370-01-01")
        #expect(try year(2025, campaign("birthday", birthday()), born).map(\.day) == [day("2025-03-21")])
        #expect(try year(2028, campaign("birthday", birthday()), born).map(\.day) == [day("2028-03-20")])
    }
}
