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

    /// Orders dates by year, then month, then day.
    public static func < (left: LocalDate, right: LocalDate) -> Bool {
        (left.year, left.month, left.day) < (right.year, right.month, right.day)
    }
}
