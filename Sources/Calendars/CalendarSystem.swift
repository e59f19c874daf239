/// The calendars Keepsake reads customers' dates in and schedules yearly campaigns by.
///
/// The raw values are the spellings used in CSV files and campaign files.
///
/// Persian dates follow Foundation's `.persian` calendar, which agrees with the `jdatetime` Python
/// package on every day from 2001 to 2039. Islamic dates follow the Umm al-Qura table of
/// Foundation's `.islamicUmmAlQura` calendar (ICU). It agrees with the `hijridate` package on every
/// day from 1 Muharram 1420 AH (1999-04-17) through Rabi' I 1451 AH (2029-08-10), the range tests
/// check; from Rabi' II 1451 the two tables differ by a day in some months, and Keepsake follows
/// ICU. Before 1420 they disagree on the length of 438 of the 924 months of 1343–1419 AH
/// (1924–1999), so an Islamic date may name day 30 of any month (see ``daysAccepted(year:month:)``).
public enum CalendarSystem: String, CaseIterable, Hashable, Sendable, Codable {
    /// The proleptic Gregorian calendar.
    case gregorian
    /// The Solar Hijri calendar used in Iran and Afghanistan (Nowruz is 01-01).
    case persian
    /// The Islamic calendar by the Umm al-Qura tables (Eid al-Fitr is 10-01).
    case islamicUmmAlQura = "islamic-umalqura"

    /// The spellings accepted in files, for error messages: `gregorian, persian, islamic-umalqura`.
    public static var spellings: String { allCases.map(\.rawValue).joined(separator: ", ") }

    /// The number of days in a month of a year of this calendar.
    public func daysInMonth(year: Int, month: Int) -> Int {
        switch self {
        case .gregorian:
            switch month {
            case 2: return Self.isGregorianLeapYear(year) ? 29 : 28
            case 4, 6, 9, 11: return 30
            default: return 31
            }
        case .persian, .islamicUmmAlQura:
            let table = MonthTables.shared.table(for: self, year: year)
            return table.monthStarts[month] - table.monthStarts[month - 1]
        }
    }

    /// The most days a month can have in any year, for dates written without a year (`--12-30`).
    public func maximumDaysInMonth(_ month: Int) -> Int {
        switch self {
        case .gregorian: return month == 2 ? 29 : daysInMonth(year: 2001, month: month)
        case .persian: return month <= 6 ? 31 : 30
        case .islamicUmmAlQura: return 30
        }
    }

    /// Whether the year has a leap day (Gregorian 29 February, Persian 30 Esfand, Islamic 30 Dhu al-Hijjah).
    public func isLeapYear(_ year: Int) -> Bool {
        switch self {
        case .gregorian: return Self.isGregorianLeapYear(year)
        case .persian: return daysInMonth(year: year, month: 12) == 30
        case .islamicUmmAlQura: return daysInMonth(year: year, month: 12) == 30
        }
    }

    static func isGregorianLeapYear(_ year: Int) -> Bool {
        year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
    }

    /// The years this calendar's dates can be converted in: wide enough for birthdays and orders,
    /// narrow enough that a typo like `13810-02-24` is an error.
    public var supportedYears: ClosedRange<Int> {
        switch self {
        case .gregorian: return 1800...2200
        case .persian: return 1180...1580
        case .islamicUmmAlQura: return 1215...1625
        }
    }

    /// The last day a date of this calendar may name in a month of a year: the month's length,
    /// except that every Islamic month accepts day 30. An Islamic month has 29 or 30 days, and
    /// Umm al-Qura tables disagree on which (Foundation's and hijridate's on 438 of the 924 months
    /// of 1343–1419 AH), so a customer's stated birthday is never refused for the table's month
    /// length. A 30th the table's month lacks is the day after its 29th, and a yearly date on it is
    /// observed on the month's last day, as 29 February is in a common year.
    public func daysAccepted(year: Int, month: Int) -> Int {
        self == .islamicUmmAlQura ? maximumDaysInMonth(month) : daysInMonth(year: year, month: month)
    }

    /// Throws unless the numbers name a day of this calendar (for Islamic dates, day 30 of any
    /// month: see ``daysAccepted(year:month:)``).
    func check(year: Int?, month: Int, day: Int) throws {
        var text: String { CalendarDate.format(year: year, month: month, day: day) }
        if let year, !supportedYears.contains(year) {
            throw CalendarDateError.outOfRange(
                text, calendar: self,
                "year \(year) (years \(supportedYears.lowerBound)–\(supportedYears.upperBound) are accepted)")
        }
        guard (1...12).contains(month) else {
            throw CalendarDateError.outOfRange(text, calendar: self, "month \(month) (months are 1–12)")
        }
        let length = year.map { daysAccepted(year: $0, month: month) } ?? maximumDaysInMonth(month)
        guard (1...length).contains(day) else {
            if self == .islamicUmmAlQura {
                throw CalendarDateError.outOfRange(text, calendar: self, "day \(day) (an Islamic month has at most 30 days)")
            }
            let whose = year.map { "month \(month) of \($0)" } ?? "month \(month)"
            throw CalendarDateError.outOfRange(text, calendar: self, "day \(day) (\(whose) has \(length) days)")
        }
    }
}
