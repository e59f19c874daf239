import Foundation

/// Reads the date of a report (`Arrival-Date`, `Date`): RFC 5322's date-time, with or without the
/// day of the week, seconds, or a trailing comment such as `(UTC)`.
enum ReportDate {
    private static let formats = ["EEE, d MMM yyyy HH:mm:ss Z", "d MMM yyyy HH:mm:ss Z", "EEE, d MMM yyyy HH:mm Z", "d MMM yyyy HH:mm Z"]

    static func parse(_ text: String?) -> Date? {
        guard var text else { return nil }
        if let comment = text.firstIndex(of: "(") { text = String(text[..<comment]) }
        text = text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        guard !text.isEmpty, text.count <= 64 else { return nil }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        for format in formats {
            formatter.dateFormat = format
            if let date = formatter.date(from: text) { return date }
        }
        return nil
    }
}
