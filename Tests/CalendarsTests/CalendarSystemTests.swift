import Foundation
import Testing

@testable import Calendars

@Suite("Persian and Islamic calendars")
struct CalendarSystemTests {
    @Test("known days: Nowruz 1405 and Eid al-Fitr 1447", arguments: [
        (CalendarSystem.persian, "1405-01-01", "2026-03-21"),
        (.persian, "1403-12-30", "2025-03-20"),
        (.persian, "1381-02-24", "2002-05-14"),
        (.islamicUmmAlQura, "1447-10-01", "2026-03-20"),
        (.islamicUmmAlQura, "1447-12-10", "2026-05-27"),
        (.gregorian, "2026-11-23", "2026-11-23"),
    ])
    func knownDays(calendar: CalendarSystem, written: String, gregorian: String) throws {
        let date = try CalendarDate(parsing: written, in: calendar)
        let local = try LocalDate(parsing: gregorian)
        #expect(try calendar.localDate(for: date) == local)
        #expect(calendar.calendarDate(for: local) == date)
    }

    @Test("conversions agree with Foundation's calendars day by day, 1990–2040")
    func agreesWithFoundation() throws {
        for (system, identifier) in [(CalendarSystem.persian, Calendar.Identifier.persian),
                                     (.islamicUmmAlQura, .islamicUmmAlQura)] {
            var foundation = Calendar(identifier: identifier)
            foundation.timeZone = TimeZone(identifier: "UTC")!
            var day = try LocalDate(parsing: "1990-01-01")
            while day.year < 2040 {
                let parts = foundation.dateComponents(
                    [.year, .month, .day], from: Date(timeIntervalSince1970: Double(day.dayNumber) * 86_400))
                let converted = system.calendarDate(for: day)
                #expect([converted.year, converted.month, converted.day] == [parts.year, parts.month, parts.day])
                #expect(try system.localDate(for: converted) == day)
                day = day.adding(days: 3)
            }
        }
    }

    @Test("month lengths and leap years")
    func monthLengths() {
        #expect(CalendarSystem.persian.daysInMonth(year: 1403, month: 1) == 31)
        #expect(CalendarSystem.persian.daysInMonth(year: 1403, month: 7) == 30)
        #expect(CalendarSystem.persian.isLeapYear(1403))
        #expect(!CalendarSystem.persian.isLeapYear(1404))
        #expect(CalendarSystem.persian.daysInMonth(year: 1404, month: 12) == 29)
        #expect(CalendarSystem.gregorian.isLeapYear(2024) && !CalendarSystem.gregorian.isLeapYear(2100))
        let islamicMonths = (1...12).map { CalendarSystem.islamicUmmAlQura.daysInMonth(year: 1447, month: $0) }
        #expect(islamicMonths.allSatisfy { $0 == 29 || $0 == 30 })
    }

    @Test("impossible dates in each calendar name the calendar and the problem", arguments: [
        ("1403-13-01", CalendarSystem.persian, "month 13"),
        ("1404-12-30", .persian, "day 30 (month 12 of 1404 has 29 days)"),
        ("1403-07-31", .persian, "day 31"),
        ("2026-02-30", .gregorian, "day 30"),
        ("--02-30", .gregorian, "day 30 (month 2 has 29 days)"),
        ("--07-31", .persian, "day 31 (month 7 has 30 days)"),
        ("1447-01-31", .islamicUmmAlQura, "day 31 (an Islamic month has at most 30 days)"),
        ("1410-13-30", .islamicUmmAlQura, "month 13"),
        ("13810-02-24", .persian, "YYYY-MM-DD"),
        ("0381-02-24", .persian, "year 381"),
    ])
    func impossibleDates(text: String, calendar: CalendarSystem, reason: String) {
        let error = #expect(throws: CalendarDateError.self) { try CalendarDate(parsing: text, in: calendar) }
        #expect(error?.message.contains(reason) == true, "\(error?.message ?? "")")
        if error?.code == .outOfRange {
            #expect(error?.message.contains(calendar.rawValue) == true)
        }
    }

    @Test("dates without a year allow the longest month and need a year to convert")
    func withoutYear() throws {
        let leapDay = try CalendarDate(parsing: "--02-29", in: .gregorian)
        #expect(leapDay.year == nil && leapDay.monthDayKey == 229 && leapDay.description == "--02-29")
        _ = try CalendarDate(parsing: "--12-30", in: .persian)
        let error = #expect(throws: CalendarDateError.self) { try CalendarSystem.gregorian.localDate(for: leapDay) }
        #expect(error?.code == .missingYear)
    }

    @Test("yearly dates fall back to the month's last day when the month is short")
    func observances() throws {
        #expect(CalendarSystem.gregorian.observance(month: 2, day: 29, year: 2026)?.description == "2026-02-28")
        #expect(CalendarSystem.gregorian.observance(month: 2, day: 29, year: 2028)?.description == "2028-02-29")
        #expect(CalendarSystem.persian.observance(month: 12, day: 30, year: 1404)?.description == "2026-03-20")
        #expect(CalendarSystem.persian.observance(month: 1, day: 1, year: 1405)?.description == "2026-03-21")
        #expect(CalendarSystem.persian.observance(month: 13, day: 1, year: 1405) == nil)
    }

    @Test("the last day of a short month also observes the days it lacks")
    func observedMonthDays() throws {
        let february28 = CalendarSystem.gregorian.observedMonthDays(on: try LocalDate(parsing: "2026-02-28"))
        #expect(february28.map { $0.month * 100 + $0.day } == [228, 229])
        let leapYear = CalendarSystem.gregorian.observedMonthDays(on: try LocalDate(parsing: "2028-02-28"))
        #expect(leapYear.map { $0.month * 100 + $0.day } == [228])
        let esfand29 = CalendarSystem.persian.observedMonthDays(on: try LocalDate(parsing: "2026-03-20"))
        #expect(esfand29.map { $0.month * 100 + $0.day } == [1229, 1230])
    }
}
