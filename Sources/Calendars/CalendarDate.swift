/// A date written in one of the customers' calendars, such as a birthday `1381-02-24` (Persian) or
/// `--03-14` (Gregorian, year unknown).
public struct CalendarDate: Hashable, Sendable {
    /// The calendar the numbers are in.
    public let calendar: CalendarSystem
    /// The year in that calendar, or nil when it is unknown (`--MM-DD`).
    public let year: Int?
    /// The month in that calendar, 1–12.
    public let month: Int
    /// The day of the month in that calendar.
    public let day: Int

    /// A checked date; throws when the numbers name no day of `calendar`, such as Persian
    /// 1403-13-01 or Gregorian 2026-02-30. Without a year, the day may be up to the longest the
    /// month ever is (`--02-29` is a birthday); an Islamic date may name day 30 of any month, as
    /// Umm al-Qura tables disagree on which months have 30 days.
    public init(calendar: CalendarSystem, year: Int?, month: Int, day: Int) throws {
        try calendar.check(year: year, month: month, day: day)
        self.init(unchecked: calendar, year: year, month: month, day: day)
    }

    init(unchecked calendar: CalendarSystem, year: Int?, month: Int, day: Int) {
        self.calendar = calendar
        self.year = year
        self.month = month
        self.day = day
    }

    /// Reads `YYYY-MM-DD`, or `--MM-DD` when the year is unknown, as a date of `calendar`.
    public init(parsing text: some StringProtocol, in calendar: CalendarSystem) throws {
        let fields = DateDigits.withBytes(of: text) { bytes -> (Int?, Int, Int)? in
            if bytes.count == 7, bytes[0] == UInt8(ascii: "-"), bytes[1] == UInt8(ascii: "-"),
               bytes[4] == UInt8(ascii: "-"),
               let month = DateDigits.number(bytes, at: 2, count: 2),
               let day = DateDigits.number(bytes, at: 5, count: 2) {
                return (nil, month, day)
            }
            return LocalDate.fields(bytes).map { ($0.0, $0.1, $0.2) }
        }
        guard let (year, month, day) = fields else {
            throw CalendarDateError.invalidFormat(
                text, expected: "YYYY-MM-DD, or --MM-DD when the year is unknown (such as 1381-02-24 or --02-24)")
        }
        try self.init(calendar: calendar, year: year, month: month, day: day)
    }

    /// `month * 100 + day`, such as 224 for the 24th of the second month: the key yearly dates are indexed by.
    public var monthDayKey: Int { month * 100 + day }

    static func format(year: Int?, month: Int, day: Int) -> String {
        let yearPart = year.map { DateDigits.padded($0, width: 4) } ?? "-"
        return "\(yearPart)-\(DateDigits.padded(month, width: 2))-\(DateDigits.padded(day, width: 2))"
    }
}

extension CalendarDate: CustomStringConvertible {
    /// `YYYY-MM-DD`, or `--MM-DD` without a year, in the date's own calendar.
    public var description: String { Self.format(year: year, month: month, day: day) }
}
