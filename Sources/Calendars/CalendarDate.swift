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
}
