import Foundation

/// Writes dates the way the `Date:` header wants them (RFC 5322 §3.3), such as
/// `Mon, 23 Nov 2026 09:00:00 +0330`: English day and month names whatever the machine's locale,
/// a four-digit year, and the offset of the given time zone at that moment (daylight saving
/// time included).
enum RFC5322Date {
    private static let dayNames = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    private static let monthNames = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// The date as seen in the time zone, such as `Mon, 23 Nov 2026 09:00:00 +0330`.
    static func format(_ date: Date, in timeZone: TimeZone) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.locale = Locale(identifier: "en_US_POSIX")
        calendar.timeZone = timeZone
        let parts = calendar.dateComponents([.year, .month, .day, .weekday, .hour, .minute, .second], from: date)
        let weekday = dayNames[((parts.weekday ?? 1) - 1 + 7) % 7]
        let month = monthNames[((parts.month ?? 1) - 1 + 12) % 12]
        let day = twoDigits(parts.day ?? 1)
        let year = String(parts.year ?? 1970)
        let time = [parts.hour, parts.minute, parts.second].map { twoDigits($0 ?? 0) }.joined(separator: ":")
        return "\(weekday), \(day) \(month) \(year) \(time) \(offset(timeZone.secondsFromGMT(for: date)))"
    }

    /// A UTC offset in seconds as `+HHMM` or `-HHMM`, rounded toward zero to whole minutes.
    static func offset(_ seconds: Int) -> String {
        let minutes = abs(seconds) / 60
        return (seconds < 0 ? "-" : "+") + twoDigits(minutes / 60) + twoDigits(minutes % 60)
    }

    /// The number with a leading zero if it has one digit.
    private static func twoDigits(_ number: Int) -> String {
        number < 10 ? "0\(number)" : String(number)
    }
}
