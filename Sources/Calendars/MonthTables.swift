import Foundation
import Synchronization

/// The first day of every month of a Persian or Islamic year, as day numbers, read once from
/// Foundation's calendars and kept: conversions then cost a table lookup instead of a trip through
/// `Calendar`, which matters when an import reads a million order dates.
final class MonthTables: Sendable {
    /// The months of one year: `monthStarts[m - 1]` is the day number of month m's first day, and
    /// `monthStarts[12]` that of the next year's first day.
    struct YearTable: Sendable {
        let monthStarts: [Int]
    }

    private struct Key: Hashable {
        let calendar: CalendarSystem
        let year: Int
    }

    static let shared = MonthTables()

    private let tables = Mutex<[Key: YearTable]>([:])

    /// The table of `year` in `calendar` (Persian or Islamic).
    func table(for calendar: CalendarSystem, year: Int) -> YearTable {
        let key = Key(calendar: calendar, year: year)
        if let table = tables.withLock({ $0[key] }) { return table }
        let table = Self.compute(calendar, year: year)
        tables.withLock { $0[key] = table }
        return table
    }

    private static func compute(_ system: CalendarSystem, year: Int) -> YearTable {
        var calendar = Calendar(identifier: system == .persian ? .persian : .islamicUmmAlQura)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let starts = (0...12).map { index -> Int in
            let components = DateComponents(year: year + index / 12, month: index % 12 + 1, day: 1)
            let date = calendar.date(from: components)!
            return Int((date.timeIntervalSince1970 / 86_400).rounded(.down))
        }
        return YearTable(monthStarts: starts)
    }
}

extension CalendarSystem {
    /// The date in this calendar of a Gregorian day.
    public func calendarDate(for date: LocalDate) -> CalendarDate {
        switch self {
        case .gregorian:
            return CalendarDate(unchecked: .gregorian, year: date.year, month: date.month, day: date.day)
        case .persian, .islamicUmmAlQura:
            let dayNumber = date.dayNumber
            var year = estimatedYear(containing: dayNumber)
            var table = MonthTables.shared.table(for: self, year: year)
            while dayNumber < table.monthStarts[0] {
                year -= 1
                table = MonthTables.shared.table(for: self, year: year)
            }
            while dayNumber >= table.monthStarts[12] {
                year += 1
                table = MonthTables.shared.table(for: self, year: year)
            }
            let month = table.monthStarts.lastIndex { $0 <= dayNumber }! + 1
            return CalendarDate(
                unchecked: self, year: year, month: month, day: dayNumber - table.monthStarts[month - 1] + 1)
        }
    }

    /// The Gregorian day of a date of this calendar; the date must have a year. An Islamic 30th
    /// of a month the table gives 29 days is the day after its 29th.
    public func localDate(for date: CalendarDate) throws -> LocalDate {
        guard let year = date.year else {
            throw CalendarDateError(
                .missingYear, "\(date) has no year, so it names no single day: write it as YYYY-MM-DD")
        }
        try check(year: year, month: date.month, day: date.day)
        switch self {
        case .gregorian:
            return LocalDate(unchecked: year, date.month, date.day)
        case .persian, .islamicUmmAlQura:
            let table = MonthTables.shared.table(for: self, year: year)
            return LocalDate(dayNumber: table.monthStarts[date.month - 1] + date.day - 1)
        }
    }

    /// The Gregorian day on which a yearly date (a birthday, Nowruz on 01-01, Eid al-Fitr on 10-01)
    /// is observed in `year` of this calendar. A day the month lacks that year is observed on the
    /// month's last day: 29 February on 28 February, 30 Esfand on 29 Esfand, an Islamic 30th on the 29th.
    public func observance(month: Int, day: Int, year: Int) -> LocalDate? {
        guard supportedYears.contains(year), (1...12).contains(month), day >= 1 else { return nil }
        let observedDay = min(day, daysInMonth(year: year, month: month))
        return try? localDate(for: CalendarDate(unchecked: self, year: year, month: month, day: observedDay))
    }

    /// The yearly dates observed on a Gregorian day: usually one month-day of this calendar, and
    /// on the last day of a short month also the days the month lacks (28 February also observes
    /// 29 February in common years).
    public func observedMonthDays(on date: LocalDate) -> [(month: Int, day: Int)] {
        let here = calendarDate(for: date)
        let length = daysInMonth(year: here.year!, month: here.month)
        var result = [(month: here.month, day: here.day)]
        if here.day == length {
            for missing in stride(from: length + 1, through: maximumDaysInMonth(here.month), by: 1) {
                result.append((month: here.month, day: missing))
            }
        }
        return result
    }

    private func estimatedYear(containing dayNumber: Int) -> Int {
        let gregorianYear = LocalDate(dayNumber: dayNumber).year
        switch self {
        case .gregorian: return gregorianYear
        case .persian: return gregorianYear - 621
        case .islamicUmmAlQura:
            // 1 Muharram 1 AH is day number -492_148; an Islamic year has about 354.367 days.
            return Int((Double(dayNumber + 492_148) / 354.367).rounded(.down)) + 1
        }
    }
}
