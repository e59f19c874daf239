import Calendars

/// When a campaign is due for a customer: one mechanism (a date, an offset, a repetition) in four forms.
///
/// | YAML | case |
/// |---|---|
/// | `{yearly: birthday, days_before: 0}` | ``yearly(field:daysBefore:leapDay:)`` |
/// | `{after: last_order_at, days: 180}` | ``after(field:days:)`` |
/// | `{date: 2026-11-27}` | ``date(_:)`` |
/// | `{yearly_on: "01-01", calendar: persian}` | ``yearlyOn(month:day:calendar:overrides:)`` |
public enum Trigger: Hashable, Sendable {
    /// Every year on a customer's date (their birthday, or the anniversary of their first order),
    /// `daysBefore` days early. A birthday is observed in the customer's own calendar; a day the
    /// month lacks that year follows `leapDay`. The first-order anniversary starts in year 1, never
    /// on the day of the first order itself.
    case yearly(field: YearlyField, daysBefore: Int, leapDay: LeapDayRule)
    /// Once per value of a customer's date: `days` days after it (a win-back after the last order,
    /// a feedback request after it). A new value starts a new occurrence.
    case after(field: AfterField, days: Int)
    /// Once, on a fixed local date, for everyone in the segments.
    case date(LocalDate)
    /// Every year on a month and day of `calendar`, such as Nowruz (01-01, persian) or Eid al-Fitr
    /// (10-01, islamic-umalqura). `overrides` replaces the computed day for given years of that
    /// calendar (moon sightings differ by country); Islamic dates otherwise follow Foundation's
    /// Umm al-Qura table (ICU), which differs from the `hijridate` package by a day in some months
    /// from Rabi' II 1451 AH (August 2029).
    case yearlyOn(month: Int, day: Int, calendar: CalendarSystem, overrides: [Int: LocalDate])

    /// The customer fields the trigger reads (empty for the fixed forms).
    public var customerField: String? {
        switch self {
        case let .yearly(field, _, _): return field.rawValue
        case let .after(field, _): return field.rawValue
        case .date, .yearlyOn: return nil
        }
    }
}

/// The customer dates a yearly trigger repeats on.
public enum YearlyField: String, CaseIterable, Hashable, Sendable {
    /// The customer's birthday, in their own calendar.
    case birthday
    /// The day of the first order: a yearly anniversary (template variable `years`).
    case firstOrderAt = "first_order_at"
}

/// The customer dates an `after` trigger counts from.
public enum AfterField: String, CaseIterable, Hashable, Sendable {
    /// The last order: win-backs and post-purchase follow-ups.
    case lastOrderAt = "last_order_at"
    /// The first order.
    case firstOrderAt = "first_order_at"
}

/// Where a yearly date falls in a year whose month lacks its day: 29 February in a common year,
/// 30 Esfand in a common Persian year, an Islamic 30th in a 29-day month.
public enum LeapDayRule: String, CaseIterable, Hashable, Sendable {
    /// On the month's last day (28 February, 29 Esfand, the 29th). The default.
    case feb28
    /// On the day after the month's last day (1 March, 1 Farvardin, the 1st of the next month).
    case mar1
}
