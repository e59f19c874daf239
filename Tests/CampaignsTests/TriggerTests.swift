import Calendars
import Foundation
import Testing
@testable import Campaigns

/// The four trigger forms as written in campaign files.
@Suite("Triggers")
struct TriggerTests {
    /// Loads a campaign whose trigger is `trigger` and returns it, or the problems.
    func load(_ trigger: String) throws -> (Trigger?, [String]) {
        let folder = try ScratchFolder()
        defer { folder.remove() }
        try folder.write("calendar.yaml", """
            timezone: UTC
            send_window: "09:00-17:00"
            max_per_day: 2
            from: shop@shop.example
            default_locale: en
            campaigns: [probe.yaml]
            """)
        try folder.write("probe.yaml", "id: probe\nname: Probe\ntrigger: \(trigger)\nsegments: [{name: all, template: probe}]\n")
        let set = CampaignSet.load(directory: folder.path)
        let prefix = folder.path + "/"
        return (set.campaign(id: "probe")?.trigger, set.problems.map { $0.description.replacingOccurrences(of: prefix, with: "") })
    }

    @Test func yearly() throws {
        #expect(try load("{yearly: birthday}").0 == .yearly(field: .birthday, daysBefore: 0, leapDay: .feb28))
        #expect(try load("{yearly: birthday, days_before: 3, leap_day: mar1}").0 == .yearly(field: .birthday, daysBefore: 3, leapDay: .mar1))
        #expect(try load("{yearly: first_order_at, days_before: 0}").0 == .yearly(field: .firstOrderAt, daysBefore: 0, leapDay: .feb28))
        #expect(try load("\n  yearly: birthday\n  days_before: 7").0 == .yearly(field: .birthday, daysBefore: 7, leapDay: .feb28))
    }

    @Test func after() throws {
        #expect(try load("{after: last_order_at, days: 180}").0 == .after(field: .lastOrderAt, days: 180))
        #expect(try load("{after: first_order_at, days: 30}").0 == .after(field: .firstOrderAt, days: 30))
    }

    @Test func date() throws {
        #expect(try load("{date: 2026-11-27}").0 == .date(try LocalDate(parsing: "2026-11-27")))
        #expect(try load("{date: \"2026-11-27\"}").0 == .date(try LocalDate(parsing: "2026-11-27")))
    }

    @Test func yearlyOn() throws {
        #expect(try load("{yearly_on: \"01-01\", calendar: persian}").0 == .yearlyOn(month: 1, day: 1, calendar: .persian, overrides: [:]))
        #expect(try load("{yearly_on: 12-25}").0 == .yearlyOn(month: 12, day: 25, calendar: .gregorian, overrides: [:]))
        #expect(try load("{yearly_on: \"12-30\", calendar: persian}").0 == .yearlyOn(month: 12, day: 30, calendar: .persian, overrides: [:]))
        #expect(try load("{yearly_on: \"02-29\"}").0 == .yearlyOn(month: 2, day: 29, calendar: .gregorian, overrides: [:]))
        let overridden = try load("{yearly_on: \"10-01\", calendar: islamic-umalqura, overrides: {1448: 2027-03-10, 1449: 2028-02-27}}").0
        #expect(overridden == .yearlyOn(month: 10, day: 1, calendar: .islamicUmmAlQura, overrides: [
            1448: try LocalDate(parsing: "2027-03-10"), 1449: try LocalDate(parsing: "2028-02-27"),
        ]))
    }

    @Test func overridesStayNearTheTablesDay() throws {
        // 1 Shawwal 1448 is 2027-03-09 or 2027-03-10 by the tables; a year off is a typo.
        let table = try #require(CalendarSystem.islamicUmmAlQura.observance(month: 10, day: 1, year: 1448))
        let near = table.adding(days: 3)
        let far = table.adding(days: 4)
        #expect(try load("{yearly_on: \"10-01\", calendar: islamic-umalqura, overrides: {1448: \(near)}}").1 == [])
        let problems = try load("{yearly_on: \"10-01\", calendar: islamic-umalqura, overrides: {1448: \(far)}}").1
        #expect(problems == ["probe.yaml:3:77: trigger.overrides.1448: \(far) is 4 days from \(table), the day the islamic-umalqura calendar gives for 1448; an override moves the day by at most 3 days, so check the year"])
    }

    @Test func monthDaysAreCheckedInTheirCalendar() throws {
        #expect(try load("{yearly_on: \"13-01\", calendar: persian}").1.first?.contains("month 13 does not exist") == true)
        #expect(try load("{yearly_on: \"02-30\"}").1.first?.contains("month 2 has at most 29 days") == true)
        #expect(try load("{yearly_on: \"07-31\", calendar: persian}").1.first?.contains("month 7 has at most 30 days") == true)
        #expect(try load("{yearly_on: \"02-30\", calendar: islamic-umalqura}").1 == [])
        #expect(try load("{yearly_on: \"02-31\", calendar: islamic-umalqura}").1.first?.contains("month 2 has at most 30 days") == true)
    }

    @Test func customerFieldNamesTheDateRead() throws {
        #expect(Trigger.yearly(field: .firstOrderAt, daysBefore: 0, leapDay: .feb28).customerField == "first_order_at")
        #expect(Trigger.after(field: .lastOrderAt, days: 7).customerField == "last_order_at")
        #expect(Trigger.date(try LocalDate(parsing: "2026-01-01")).customerField == nil)
    }
}
