import Foundation

/// A day in the proleptic Gregorian calendar with no time zone: "the 21st of March 2026" as it
/// appears on a wall calendar wherever the reader is. Due dates, blackout dates and the keys the
/// store indexes are local dates; a time zone turns one into instants.
public struct LocalDate: Hashable, Comparable, Sendable {
    /// The Gregorian year, e.g. 2026.
    public let year: Int
    /// The month, 1–12.
    public let month: Int
    /// The day of the month, 1–31.
    public let day: Int

    /// A checked date; throws when the numbers name no Gregorian day, such as 2026-02-30.
    public init(year: Int, month: Int, day: Int) throws {
        try CalendarSystem.gregorian.check(year: year, month: month, day: day)
        self.init(unchecked: year, month, day)
    }

    init(unchecked year: Int, _ month: Int, _ day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// Reads exactly `YYYY-MM-DD`, such as `2026-03-21`.
    public init(parsing text: some StringProtocol) throws {
        guard let (year, month, day) = DateDigits.withBytes(of: text, Self.fields) else {
            throw CalendarDateError.invalidFormat(text, expected: "YYYY-MM-DD, such as 2026-03-21")
        }
        try self.init(year: year, month: month, day: day)
    }

    static func fields(_ bytes: UnsafeBufferPointer<UInt8>) -> (Int, Int, Int)? {
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
              let year = DateDigits.number(bytes, at: 0, count: 4),
              let month = DateDigits.number(bytes, at: 5, count: 2),
              let day = DateDigits.number(bytes, at: 8, count: 2)
        else { return nil }
        return (year, month, day)
    }

    /// Orders dates by year, then month, then day.
    public static func < (left: LocalDate, right: LocalDate) -> Bool {
        (left.year, left.month, left.day) < (right.year, right.month, right.day)
    }

    /// `month * 100 + day`, such as 321 for the 21st of March: the key yearly dates are indexed by.
    public var monthDayKey: Int { month * 100 + day }
}

extension LocalDate {
    /// The number of days since 1970-01-01 (negative before it).
    public var dayNumber: Int {
        // Days from civil (H. Hinnant), exact for the proleptic Gregorian calendar.
        let shiftedYear = month <= 2 ? year - 1 : year
        let era = (shiftedYear >= 0 ? shiftedYear : shiftedYear - 399) / 400
        let yearOfEra = shiftedYear - era * 400
        let shiftedMonth = month > 2 ? month - 3 : month + 9
        let dayOfYear = (153 * shiftedMonth + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The day `dayNumber` days after 1970-01-01.
    public init(dayNumber: Int) {
        let shifted = dayNumber + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
        let month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
        self.init(unchecked: yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    /// The day `days` days later (or earlier, when negative).
    public func adding(days: Int) -> LocalDate {
        LocalDate(dayNumber: dayNumber + days)
    }

    /// The number of days from `self` to `other` (positive when `other` is later).
    public func days(until other: LocalDate) -> Int {
        other.dayNumber - dayNumber
    }

    /// The wall-calendar day an instant falls on in a time zone.
    public init(_ instant: Date, in timeZone: TimeZone) {
        let seconds = Int((instant.timeIntervalSince1970).rounded(.down)) + timeZone.secondsFromGMT(for: instant)
        self.init(dayNumber: Int((Double(seconds) / 86_400).rounded(.down)))
    }

    /// The instant this day shows `hour:minute` on clocks in `timeZone`. When that wall time does
    /// not exist (a daylight-saving gap), the first instant after the gap; when it exists twice
    /// (clocks going back), the earlier one.
    public func instant(hour: Int, minute: Int, in timeZone: TimeZone) -> Date {
        let wallSeconds = Double(dayNumber * 86_400 + hour * 3_600 + minute * 60)
        // Try the offsets in force around that wall time; keep those that map back to it.
        let probe = Date(timeIntervalSince1970: wallSeconds)
        let offsets = [-43_200.0, 0, 43_200].map { Double(timeZone.secondsFromGMT(for: probe + $0)) }
        let candidates = Set(offsets).map { Date(timeIntervalSince1970: wallSeconds - $0) }
            .filter { Double(timeZone.secondsFromGMT(for: $0)) + $0.timeIntervalSince1970 == wallSeconds }
        if let earliest = candidates.min() { return earliest }
        // In a gap: the wall time is skipped; the transition instant is the first one after it.
        let before = Date(timeIntervalSince1970: wallSeconds - offsets.max()!)
        return timeZone.nextDaylightSavingTimeTransition(after: before - 86_400) ?? before
    }

    /// Today's date in a time zone.
    public static func today(in timeZone: TimeZone, now: Date = Date()) -> LocalDate {
        LocalDate(now, in: timeZone)
    }
}

extension LocalDate: CustomStringConvertible, Codable {
    /// `YYYY-MM-DD`, such as `2026-03-21`.
    public var description: String {
        "\(DateDigits.padded(year, width: 4))-\(DateDigits.padded(month, width: 2))-\(DateDigits.padded(day, width: 2))"
    }

    /// Reads the `YYYY-MM-DD` string form.
    public init(from decoder: any Decoder) throws {
        try self.init(parsing: try decoder.singleValueContainer().decode(String.self))
    }

    /// Writes the `YYYY-MM-DD` string form.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
