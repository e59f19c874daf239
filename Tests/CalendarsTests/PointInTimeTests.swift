import Foundation
import Testing

@testable import Calendars

@Suite("Instants and dates in shop exports")
struct PointInTimeTests {
    @Test("ISO 8601 instants in the forms shops export", arguments: [
        ("2019-08-07T05:21:21Z", "2019-08-07T05:21:21Z"),
        ("2019-08-07T08:51:21+03:30", "2019-08-07T05:21:21Z"),
        ("2019-08-07T08:51:21+0330", "2019-08-07T05:21:21Z"),
        ("2019-08-07 00:21:21 -0500", "2019-08-07T05:21:21Z"),
        ("2019-08-07T05:21:21.250Z", "2019-08-07T05:21:21.250Z"),
        ("2019-08-07T05:21Z", "2019-08-07T05:21:00Z"),
        ("2019-08-07T07:21:21+02", "2019-08-07T05:21:21Z"),
    ])
    func instants(text: String, utc: String) throws {
        let value = try PointInTime(parsing: text)
        guard case .instant = value else { Issue.record("not an instant: \(value)"); return }
        #expect(value.description == utc)
    }

    @Test("a bare date is a day, read in the customer's zone")
    func bareDate() throws {
        let value = try PointInTime(parsing: "2019-08-07")
        #expect(value == .date(try LocalDate(parsing: "2019-08-07")))
        #expect(value.localDate(in: TimeZone(identifier: "Asia/Tehran")!).description == "2019-08-07")
        #expect(value.startInstant(in: TimeZone(identifier: "Asia/Tehran")!)
            == ISO8601DateFormatter().date(from: "2019-08-06T19:30:00Z"))
    }

    @Test("garbage, times without an offset and impossible values are refused", arguments: [
        "2019-08-07T05:21:21", "2019-08-07 05:21:21", "yesterday", "", "2019-08-07T25:00:00Z",
        "2019-02-30T05:21:21Z", "2019-08-07T05:21:21+3:30", "2019-08-07T05:21:21Zulu", "2019-08-07T05:21:21.Z",
        "1565155281",
    ])
    func refused(text: String) {
        #expect(throws: CalendarDateError.self) { try PointInTime(parsing: text) }
    }

    @Test("the local date of an instant follows the customer's zone")
    func localDates() throws {
        let late = try PointInTime(parsing: "2026-03-20T22:00:00Z")
        #expect(late.localDate(in: TimeZone(identifier: "Asia/Tehran")!).description == "2026-03-21")
        #expect(late.localDate(in: TimeZone(identifier: "UTC")!).description == "2026-03-20")
    }
}
