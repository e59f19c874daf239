import Calendars

/// The `age` segment field: completed years since a birthday, counted in the birthday's own calendar.
public enum CustomerAge {
    /// The customer's age on `date`, or nil when the birth year is unknown or the birthday is after `date`.
    ///
    /// A year is completed on the day the birthday is observed that year, the same day a birthday
    /// campaign is due: 29 February on 28 February in a common year, 30 Esfand on 29 Esfand, an
    /// Islamic 30th on the 29th of a 29-day month.
    public static func years(birthday: CalendarDate, on date: LocalDate) -> Int? {
        guard let birthYear = birthday.year else { return nil }
        let system = birthday.calendar
        guard let year = system.calendarDate(for: date).year,
              let observed = system.observance(month: birthday.month, day: birthday.day, year: year) else { return nil }
        let age = year - birthYear - (date < observed ? 1 : 0)
        return age >= 0 ? age : nil
    }
}
