import Calendars
internal import StrictYAML

/// Reads a campaign's `trigger:` section in one of its four forms.
enum TriggerReader {
    /// The keys of each form; the first key of each names the form.
    static let forms: [(name: String, keys: [String])] = [
        ("yearly", ["yearly", "days_before", "leap_day"]),
        ("after", ["after", "days"]),
        ("date", ["date"]),
        ("yearly_on", ["yearly_on", "calendar", "overrides"]),
    ]
    static let daysBeforeRange = 0...90
    static let afterDaysRange = 0...3650
    /// How far an override may move a yearly date from the calendar's own day.
    static let overrideTolerance = 3

    static func read(_ value: YAMLValue) throws(YAMLError) -> Trigger {
        let mapping = try value.mapping()
        let form = try self.form(of: mapping)
        let allowed = Set(form.keys)
        for key in mapping.keys where !allowed.contains(key) {
            if let other = forms.first(where: { $0.keys.contains(key) }) {
                throw mapping.error(at: key, .unknownKey,
                                    "unknown key for this trigger: \(key) goes with \(other.name); a \(form.name) trigger takes \(CampaignNames.list(form.keys, conjunction: "and"))")
            }
        }
        if let error = mapping.unknownKeyErrors(allowed: allowed.union(forms.flatMap(\.keys)), hints: hints).first {
            throw error
        }
        switch form.name {
        case "yearly":
            let field = try mapping.required("yearly").oneOf(YearlyField.allCases.map(\.rawValue))
            let daysBefore = try mapping.value(for: "days_before")?.int(in: daysBeforeRange) ?? 0
            let leapDay = try mapping.value(for: "leap_day")?.oneOf(LeapDayRule.allCases.map(\.rawValue)) ?? "feb28"
            return .yearly(field: YearlyField(rawValue: field)!, daysBefore: daysBefore, leapDay: LeapDayRule(rawValue: leapDay)!)
        case "after":
            let field = try mapping.required("after").oneOf(AfterField.allCases.map(\.rawValue))
            let days = try mapping.required("days", example: "180").int(in: afterDaysRange)
            return .after(field: AfterField(rawValue: field)!, days: days)
        case "date":
            return .date(try mapping.required("date").localDate())
        default:
            let calendarName = try mapping.value(for: "calendar")?.oneOf(CalendarSystem.allCases.map(\.rawValue)) ?? "gregorian"
            let calendar = CalendarSystem(rawValue: calendarName)!
            let (month, day) = try monthDay(mapping.required("yearly_on", example: "\"01-01\""), calendar: calendar)
            let overrides = try mapping.value(for: "overrides").map { value throws(YAMLError) in
                try self.overrides(value, month: month, day: day, calendar: calendar)
            } ?? [:]
            return .yearlyOn(month: month, day: day, calendar: calendar, overrides: overrides)
        }
    }

    /// Mistakes worth a message of their own.
    static let hints = [
        "on": "write date: instead of on: (YAML 1.1 tools read a bare on as true)",
        "days_after": "write {after: last_order_at, days: 180}",
        "calender": "write calendar",
    ]

    private static func form(of mapping: YAMLMapping) throws(YAMLError) -> (name: String, keys: [String]) {
        let present = forms.filter { mapping.contains($0.name) }
        if present.count > 1 {
            throw mapping.error(at: present[1].name, .invalidValue,
                                "a trigger has one form, but both \(present[0].name) and \(present[1].name) are given; keep one (a second step is another campaign)")
        }
        if let form = present.first { return form }
        let allKeys = Set(forms.flatMap(\.keys))
        if let error = mapping.unknownKeyErrors(allowed: allKeys, hints: hints).first { throw error }
        throw YAMLError(.missingKey, file: mapping.file, line: mapping.line, column: mapping.column, keyPath: mapping.keyPath,
                        message: "a trigger needs one of yearly, after, date or yearly_on, such as {yearly: birthday, days_before: 0}")
    }

    /// `MM-DD` of `calendar`, such as `01-01`; a day the month has in some year (Persian `12-30` is allowed).
    static func monthDay(_ value: YAMLValue, calendar: CalendarSystem) throws(YAMLError) -> (month: Int, day: Int) {
        let text = try value.string()
        let fields = text.split(separator: "-", omittingEmptySubsequences: false)
        let numbers = fields.compactMap { field in
            field.count == 2 && field.allSatisfy { $0.isASCII && $0.isNumber } ? Int(field) : nil
        }
        guard fields.count == 2, numbers.count == 2 else {
            if fields.count == 3, let date = try? LocalDate(parsing: text) {
                throw value.error(.invalidValue, "a yearly date has no year: write \"\(text.suffix(5))\"; for a single day use {date: \(date)}")
            }
            throw value.error(.invalidValue, "expected a month and day such as \"01-01\" (MM-DD in the \(calendar.rawValue) calendar), got \"\(text)\"")
        }
        let (month, day) = (numbers[0], numbers[1])
        guard (1...12).contains(month) else {
            throw value.error(.invalidValue, "\"\(text)\" is not a day of the \(calendar.rawValue) calendar: month \(month) does not exist (months are 01–12, written MM-DD)")
        }
        let longest = calendar.maximumDaysInMonth(month)
        guard (1...longest).contains(day) else {
            throw value.error(.invalidValue, "\"\(text)\" is not a day of the \(calendar.rawValue) calendar: month \(month) has at most \(longest) days")
        }
        return (month, day)
    }

    /// `{1448: 2027-03-10}`: the observed Gregorian day for given years of the trigger's calendar.
    static func overrides(_ value: YAMLValue, month: Int, day: Int, calendar: CalendarSystem) throws(YAMLError) -> [Int: LocalDate] {
        let mapping = try value.mapping()
        var result: [Int: LocalDate] = [:]
        let years = calendar.supportedYears
        for key in mapping.keys {
            guard key.allSatisfy({ $0.isASCII && $0.isNumber }), let year = Int(key), years.contains(year) else {
                throw mapping.error(at: key, .invalidValue,
                                    "expected a year of the \(calendar.rawValue) calendar (\(years.lowerBound)–\(years.upperBound)) such as \(calendar == .islamicUmmAlQura ? 1448 : 1405), got \"\(key)\"")
            }
            let entry = try mapping.required(key)
            let date = try entry.localDate()
            if let computed = calendar.observance(month: month, day: day, year: year),
               abs(computed.days(until: date)) > overrideTolerance {
                throw entry.error(
                    .invalidValue,
                    "\(date) is \(abs(computed.days(until: date))) days from \(computed), the day the \(calendar.rawValue) calendar gives for \(year); an override moves the day by at most \(overrideTolerance) days, so check the year")
            }
            result[year] = date
        }
        return result
    }
}
