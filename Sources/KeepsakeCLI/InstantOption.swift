import ArgumentParser
import Calendars
import Foundation

/// Reads a `--now` value: an ISO 8601 instant with its offset, such as `2026-03-21T06:30:00Z` or
/// `2026-03-21T10:00:00+03:30`. Every command that looks at the clock takes it, and refuses
/// anything else with the same usage error (exit 64).
func parsedNow(_ text: String) throws -> Date {
    try parsedInstant(text, option: "--now")
}

/// Reads an instant given to `option` (such as `--before`), with the same usage error as `--now`.
func parsedInstant(_ text: String, option: String) throws -> Date {
    guard case .instant(let date)? = try? PointInTime(parsing: text) else {
        throw ValidationError(
            "\(option) \(text): write an instant with its offset, such as 2026-03-21T06:30:00Z or 2026-03-21T10:00:00+03:30")
    }
    return date
}
