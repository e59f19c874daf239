import Foundation
import Testing

@testable import Calendars

@Suite("Gregorian local dates")
struct LocalDateTests {
    @Test("YYYY-MM-DD parses and prints back")
    func parsesAndPrints() throws {
        let date = try LocalDate(parsing: "2026-03-21")
        #expect(date.year == 2026 && date.month == 3 && date.day == 21)
        #expect(date.description == "2026-03-21")
        #expect(date.monthDayKey == 321)
    }

    @Test("impossible and malformed dates are refused with the reason", arguments: [
        ("2026-02-30", "day 30 (month 2 of 2026 has 28 days)"),
        ("2024-13-01", "month 13 (months are 1–12)"),
        ("2026-04-31", "day 31"),
        ("0000-01-01", "year 0"),
    ])
    func refusesImpossible(text: String, reason: String) {
        let error = #expect(throws: CalendarDateError.self) { try LocalDate(parsing: text) }
        #expect(error?.code == .outOfRange)
        #expect(error?.message.contains(reason) == true, "\(error?.message ?? "")")
    }

    @Test("text that is not YYYY-MM-DD is a format error", arguments: [
        "2026-3-21", "21/03/2026", "", "2026-03-21T", "۲۰۲۶-۰۳-۲۱", "2026_03_21", " 2026-03-21",
    ])
    func refusesMalformed(text: String) {
        let error = #expect(throws: CalendarDateError.self) { try LocalDate(parsing: text) }
        #expect(error?.code == .invalidFormat)
    }

    @Test("leap days follow the Gregorian rule")
    func leapDays() throws {
        _ = try LocalDate(parsing: "2024-02-29")
        _ = try LocalDate(parsing: "2000-02-29")
        #expect(throws: CalendarDateError.self) { try LocalDate(parsing: "1900-02-29") }
        #expect(throws: CalendarDateError.self) { try LocalDate(parsing: "2026-02-29") }
    }

    @Test("day numbers agree with Foundation and round-trip over two centuries")
    func dayNumbers() throws {
        var utc = Calendar(identifier: .gregorian)
        utc.timeZone = TimeZone(identifier: "UTC")!
        var date = try LocalDate(parsing: "1900-01-01")
        #expect(date.dayNumber == -25_567)
        for _ in 0..<(365 * 200 / 7) {
            let instant = utc.date(from: DateComponents(year: date.year, month: date.month, day: date.day))!
            #expect(Int(instant.timeIntervalSince1970 / 86_400) == date.dayNumber)
            #expect(LocalDate(dayNumber: date.dayNumber) == date)
            date = date.adding(days: 7)
        }
    }

    @Test("an instant's day depends on the time zone")
    func instantsInZones() throws {
        let instant = try #require(ISO8601DateFormatter().date(from: "2026-03-20T21:00:00Z"))
        #expect(LocalDate(instant, in: TimeZone(identifier: "UTC")!).description == "2026-03-20")
        #expect(LocalDate(instant, in: TimeZone(identifier: "Asia/Tehran")!).description == "2026-03-21")
        #expect(LocalDate(instant, in: TimeZone(identifier: "America/Los_Angeles")!).description == "2026-03-20")
    }

    @Test("wall times become instants, across daylight-saving changes")
    func wallTimes() throws {
        let newYork = TimeZone(identifier: "America/New_York")!
        let formatter = ISO8601DateFormatter()
        // An ordinary day: 09:00 EST is 14:00 UTC.
        #expect(try LocalDate(parsing: "2026-01-15").instant(hour: 9, minute: 0, in: newYork)
            == formatter.date(from: "2026-01-15T14:00:00Z"))
        // Summer: 09:00 EDT is 13:00 UTC.
        #expect(try LocalDate(parsing: "2026-07-15").instant(hour: 9, minute: 0, in: newYork)
            == formatter.date(from: "2026-07-15T13:00:00Z"))
        // 02:30 does not exist on 2026-03-08: the first instant after the gap (03:00 EDT).
        #expect(try LocalDate(parsing: "2026-03-08").instant(hour: 2, minute: 30, in: newYork)
            == formatter.date(from: "2026-03-08T07:00:00Z"))
        // 01:30 happens twice on 2026-11-01: the earlier (EDT) one.
        #expect(try LocalDate(parsing: "2026-11-01").instant(hour: 1, minute: 30, in: newYork)
            == formatter.date(from: "2026-11-01T05:30:00Z"))
        // Tehran, UTC+03:30 without daylight saving since 2022.
        #expect(try LocalDate(parsing: "2026-03-21").instant(hour: 9, minute: 0, in: TimeZone(identifier: "Asia/Tehran")!)
            == formatter.date(from: "2026-03-21T05:30:00Z"))
    }

    @Test("local dates encode as YYYY-MM-DD strings")
    func codable() throws {
        let data = try JSONEncoder().encode([try LocalDate(parsing: "2026-03-21")])
        #expect(String(decoding: data, as: UTF8.self) == "[\"2026-03-21\"]")
        #expect(try JSONDecoder().decode([LocalDate].self, from: data).first?.day == 21)
    }
}
