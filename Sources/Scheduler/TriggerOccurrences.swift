import Calendars
import Campaigns
import Foundation
import Store

/// One occurrence of a trigger for one customer: its identity date, the day it is due, and for
/// anniversaries the number of years.
struct Occurrence: Hashable, Sendable {
    /// The identity date (see ``OccurrenceID``).
    let date: LocalDate
    /// The customer's local date it is due.
    let due: LocalDate
    /// Completed years since the first order (anniversaries only).
    let years: Int?
}

/// The dates of one customer that triggers read, their orders' as local dates in the customer's
/// time zone (theirs, else the calendar's): worked out once per customer, not once per campaign.
struct CustomerDates: Sendable {
    /// The customer's calendar, which anniversaries are kept in.
    let calendar: CalendarSystem
    let birthday: CalendarDate?
    /// The local date of the first order.
    let firstOrder: LocalDate?
    /// The local date of the last order.
    let lastOrder: LocalDate?

    /// The dates of `customer`, whose time zone is `timeZone`.
    init(_ customer: CustomerRecord, timeZone: TimeZone) {
        calendar = customer.calendar
        birthday = customer.birthday
        firstOrder = customer.firstOrderAt?.localDate(in: timeZone)
        lastOrder = customer.lastOrderAt?.localDate(in: timeZone)
    }
}

/// The occurrences of a trigger for one customer, found by date arithmetic on the customer's own
/// dates (no store access).
struct TriggerOccurrences {
    let trigger: Trigger
    let dates: CustomerDates
    /// What a planning run worked out once for the campaign, if anything; its stretch must cover
    /// the days asked for.
    var prepared: PreparedTrigger? = nil

    /// The occurrences of `trigger` for a customer with these dates.
    init(trigger: Trigger, dates: CustomerDates, prepared: PreparedTrigger? = nil) {
        self.trigger = trigger
        self.dates = dates
        self.prepared = prepared
    }

    /// The occurrences of `trigger` for `customer`, whose time zone (theirs, else the calendar's)
    /// gives their orders' local dates.
    init(trigger: Trigger, customer: CustomerRecord, timeZone: TimeZone, prepared: PreparedTrigger? = nil) {
        self.init(trigger: trigger, dates: CustomerDates(customer, timeZone: timeZone), prepared: prepared)
    }

    /// The occurrences due on a day of `days`, in date order.
    func occurrences(dueIn days: ClosedRange<LocalDate>) -> [Occurrence] {
        switch trigger {
        case let .yearly(field, daysBefore, leapDay):
            return yearly(field: field, leapDay: leapDay, events: days.lowerBound.adding(days: daysBefore)
                ... days.upperBound.adding(days: daysBefore))
                .map { Occurrence(date: $0.date, due: $0.date.adding(days: -daysBefore), years: $0.years) }
        case let .after(field, offset):
            guard let value = afterValue(field) else { return [] }
            let due = value.adding(days: offset)
            return days.contains(due) ? [Occurrence(date: value, due: due, years: nil)] : []
        case .date, .yearlyOn:
            if let known = prepared?.fixedOccurrences { return known.filter { days.contains($0.due) } }
            return Self.fixed(trigger, dueIn: days)
        }
    }

    /// The occurrences of a trigger that is the same for everyone (a date, a yearly date) due on
    /// a day of `days`; empty for the forms that depend on a customer.
    static func fixed(_ trigger: Trigger, dueIn days: ClosedRange<LocalDate>) -> [Occurrence] {
        switch trigger {
        case let .date(date):
            return days.contains(date) ? [Occurrence(date: date, due: date, years: nil)] : []
        case let .yearlyOn(month, day, calendar, overrides):
            return years(of: calendar, covering: days).compactMap { year in
                guard let date = overrides[year] ?? calendar.observance(month: month, day: day, year: year),
                      days.contains(date) else { return nil }
                return Occurrence(date: date, due: date, years: nil)
            }
        case .yearly, .after:
            return []
        }
    }

    /// The last occurrence due before `day`, looking back at most a year and a half for the
    /// repeating forms (for `catch_up`).
    func latest(dueBefore day: LocalDate) -> Occurrence? {
        switch trigger {
        case .yearly, .yearlyOn:
            return occurrences(dueIn: day.adding(days: -550)...day.adding(days: -1)).last
        case .after, .date:
            return occurrences(dueIn: LocalDate(dayNumber: day.dayNumber - 200_000)...day.adding(days: -1)).last
        }
    }

    /// The first occurrence due on or after `day`, looking ahead at most a year and a half for
    /// the repeating forms.
    func next(dueOnOrAfter day: LocalDate) -> Occurrence? {
        switch trigger {
        case .yearly, .yearlyOn:
            return occurrences(dueIn: day...day.adding(days: 550)).first
        case .after, .date:
            return occurrences(dueIn: day...LocalDate(dayNumber: day.dayNumber + 200_000)).first
        }
    }

    /// The local date of an `after` field's value.
    private func afterValue(_ field: AfterField) -> LocalDate? {
        switch field {
        case .lastOrderAt: dates.lastOrder
        case .firstOrderAt: dates.firstOrder
        }
    }

    /// The yearly events of the customer's date falling on a day of `events`.
    private func yearly(
        field: YearlyField, leapDay: LeapDayRule, events: ClosedRange<LocalDate>
    ) -> [(date: LocalDate, years: Int?)] {
        let calendar: CalendarSystem
        let month: Int
        let day: Int
        var firstYear: Int?
        switch field {
        case .birthday:
            guard let birthday = dates.birthday else { return [] }
            (calendar, month, day) = (birthday.calendar, birthday.month, birthday.day)
        case .firstOrderAt:
            guard let first = dates.firstOrder else { return [] }
            let written = dates.calendar.calendarDate(for: first)
            (calendar, month, day, firstYear) = (dates.calendar, written.month, written.day, written.year)
        }
        if let keys = prepared?.monthDays?[calendar], !keys.contains(month * 100 + day) { return [] }
        return Self.years(of: calendar, covering: events).compactMap { year in
            if let firstYear, year <= firstYear { return nil }
            guard let date = Self.observance(calendar, month: month, day: day, year: year, leapDay: leapDay),
                  events.contains(date) else { return nil }
            return (date, firstYear.map { year - $0 })
        }
    }

    /// Where `month`-`day` is observed in `year`: the day itself, or for a day the month lacks,
    /// the month's last day (`feb28`) or the day after it (`mar1`).
    static func observance(
        _ calendar: CalendarSystem, month: Int, day: Int, year: Int, leapDay: LeapDayRule
    ) -> LocalDate? {
        guard let observed = calendar.observance(month: month, day: day, year: year) else { return nil }
        guard leapDay == .mar1, day > calendar.daysInMonth(year: year, month: month) else { return observed }
        return observed.adding(days: 1)
    }

    /// The years of `calendar` that overlap `days`, with one year of margin on each side.
    static func years(of calendar: CalendarSystem, covering days: ClosedRange<LocalDate>) -> ClosedRange<Int> {
        let first = (calendar.calendarDate(for: days.lowerBound).year ?? days.lowerBound.year) - 1
        let last = (calendar.calendarDate(for: days.upperBound).year ?? days.upperBound.year) + 1
        let supported = calendar.supportedYears
        return max(first, supported.lowerBound)...max(min(last, supported.upperBound), max(first, supported.lowerBound))
    }
}
