import Foundation

/// A wall-clock time of day, such as 10:00, in the recipient's local time.
public struct TimeOfDay: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The hour, 0–24 (24 only as 24:00, the end of the day).
    public let hour: Int
    /// The minute, 0–59.
    public let minute: Int

    /// Creates a time of day; nil unless 00:00–23:59 or exactly 24:00.
    public init?(hour: Int, minute: Int) {
        guard (0...23).contains(hour) && (0...59).contains(minute) || hour == 24 && minute == 0 else { return nil }
        self.hour = hour
        self.minute = minute
    }

    /// Minutes since midnight, 0–1440.
    public var minutesSinceMidnight: Int { hour * 60 + minute }

    /// Orders times by the minutes since midnight.
    public static func < (left: TimeOfDay, right: TimeOfDay) -> Bool {
        left.minutesSinceMidnight < right.minutesSinceMidnight
    }

    /// `HH:MM`.
    public var description: String {
        (hour < 10 ? "0" : "") + "\(hour):" + (minute < 10 ? "0" : "") + "\(minute)"
    }
}

/// The hours of a local day in which marketing mail may be handed to the relay, such as 10:00–20:00
/// in the recipient's own time zone. A window never crosses midnight.
public struct SendWindow: Hashable, Sendable, CustomStringConvertible {
    /// When sending may start.
    public let opens: TimeOfDay
    /// When sending must stop; later than ``opens``.
    public let closes: TimeOfDay

    /// Creates a window; nil unless `opens` is before `closes`.
    public init?(opens: TimeOfDay, closes: TimeOfDay) {
        guard opens < closes else { return nil }
        self.opens = opens
        self.closes = closes
    }

    /// Reads `HH:MM-HH:MM`, such as `10:00-20:00`: the two times, which need not be in order.
    /// Nil unless both are 24-hour times written with two digits each.
    static func times(parsing text: String) -> (opens: TimeOfDay, closes: TimeOfDay)? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, let opens = time(parts[0]), let closes = time(parts[1]) else { return nil }
        return (opens, closes)
    }

    private static func time(_ text: Substring) -> TimeOfDay? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let fields = trimmed.split(separator: ":", omittingEmptySubsequences: false)
        guard fields.count == 2, fields[0].count == 2, fields[1].count == 2,
              fields.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }),
              let hour = Int(fields[0]), let minute = Int(fields[1]) else { return nil }
        return TimeOfDay(hour: hour, minute: minute)
    }

    /// `HH:MM-HH:MM`.
    public var description: String { "\(opens)-\(closes)" }
}
