import Calendars
import Foundation

/// ISO 8601 timestamps with a time zone's offset, for showing instants to people where the
/// recipient lives.
public enum ZonedTimestamp {
    /// `YYYY-MM-DDTHH:MM:SS±HH:MM` (whole seconds), such as `2026-03-21T10:00:00+03:30`; `Z` is never used.
    public static func text(_ instant: Date, in timeZone: TimeZone) -> String {
        let offset = timeZone.secondsFromGMT(for: instant)
        let wall = Int(instant.timeIntervalSince1970.rounded(.down)) + offset
        let day = LocalDate(dayNumber: Int((Double(wall) / 86_400).rounded(.down)))
        let second = wall - day.dayNumber * 86_400
        let sign = offset < 0 ? "-" : "+"
        let magnitude = abs(offset)
        return "\(day)T\(two(second / 3_600)):\(two(second % 3_600 / 60)):\(two(second % 60))"
            + "\(sign)\(two(magnitude / 3_600)):\(two(magnitude % 3_600 / 60))"
    }

    private static func two(_ value: Int) -> String {
        value < 10 ? "0\(value)" : "\(value)"
    }
}
