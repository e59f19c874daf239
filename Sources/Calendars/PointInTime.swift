import Foundation

/// A value of a date field that a shop may export either as an ISO 8601 instant
/// (`2019-08-07T05:21:21Z`, `2019-08-07T08:51:21+03:30`) or as a bare date (`2019-08-07`), such as
/// a customer's first and last order.
public enum PointInTime: Hashable, Sendable {
    /// An exact instant.
    case instant(Date)
    /// A calendar day without a time; it is read in the customer's own time zone.
    case date(LocalDate)

    /// Reads a bare date `YYYY-MM-DD`, or an instant `YYYY-MM-DDTHH:MM[:SS[.fraction]]` followed by
    /// `Z` or a UTC offset (`+03:30`, `-0500`). A space may stand for the `T` and before the offset,
    /// as in Shopify's `2024-01-15 10:23:45 -0500`. A time without an offset is refused: it names
    /// no single instant.
    public init(parsing text: some StringProtocol) throws {
        try self.init(parsed: DateDigits.withBytes(of: text, Self.parse), text: String(text))
    }

    /// ``init(parsing:)`` of text handed over as UTF-8 (a column read in place, millions of times).
    public init(parsingUTF8 bytes: UnsafeBufferPointer<UInt8>) throws {
        try self.init(parsed: Self.parse(bytes), text: String(decoding: bytes, as: UTF8.self))
    }

    private static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> Result<PointInTime, CalendarDateError>? {
        if bytes.count == 10 {
            guard let (year, month, day) = LocalDate.fields(bytes) else { return nil }
            return Result { try .date(LocalDate(year: year, month: month, day: day)) }
                .mapError { $0 as! CalendarDateError }
        }
        return instant(bytes)
    }

    private init(parsed: Result<PointInTime, CalendarDateError>?, text: @autoclosure () -> String) throws {
        switch parsed {
        case .success(let value): self = value
        case .failure(let error): throw error
        case nil:
            throw CalendarDateError.invalidFormat(
                text(), expected: "an ISO 8601 instant such as 2019-08-07T05:21:21Z or 2019-08-07T08:51:21+03:30, "
                    + "or a date such as 2019-08-07")
        }
    }

    private static func instant(_ bytes: UnsafeBufferPointer<UInt8>) -> Result<PointInTime, CalendarDateError>? {
        guard bytes.count >= 16, bytes[10] == UInt8(ascii: "T") || bytes[10] == UInt8(ascii: " "),
              let (year, month, day) = LocalDate.fields(UnsafeBufferPointer(rebasing: bytes[0..<10])),
              let hour = DateDigits.number(bytes, at: 11, count: 2), bytes[13] == UInt8(ascii: ":"),
              let minute = DateDigits.number(bytes, at: 14, count: 2)
        else { return nil }
        var index = 16
        var seconds = 0.0
        if index < bytes.count, bytes[index] == UInt8(ascii: ":") {
            guard let whole = DateDigits.number(bytes, at: index + 1, count: 2) else { return nil }
            seconds = Double(whole)
            index += 3
            if index < bytes.count, bytes[index] == UInt8(ascii: ".") || bytes[index] == UInt8(ascii: ",") {
                var scale = 0.1
                index += 1
                let start = index
                while index < bytes.count, let digit = DateDigits.number(bytes, at: index, count: 1) {
                    seconds += Double(digit) * scale
                    scale /= 10
                    index += 1
                }
                guard index > start else { return nil }
            }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: " ") { index += 1 }
        guard let offset = utcOffset(bytes, from: index) else { return nil }
        guard hour <= 23, minute <= 59, seconds < 61 else {
            return .failure(CalendarDateError(
                .outOfRange, "\(String(decoding: bytes, as: UTF8.self)) is not a time of day: hours are 00–23, minutes and seconds 00–59"))
        }
        let date: LocalDate
        do { date = try LocalDate(year: year, month: month, day: day) } catch {
            return .failure(error as! CalendarDateError)
        }
        let wall = Double(date.dayNumber * 86_400 + hour * 3_600 + minute * 60) + seconds
        return .success(.instant(Date(timeIntervalSince1970: wall - Double(offset))))
    }

    /// The offset in seconds written from `start` to the end: `Z`, `±HH`, `±HHMM` or `±HH:MM`.
    private static func utcOffset(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        let remaining = bytes.count - start
        guard remaining >= 1 else { return nil }
        if remaining == 1, bytes[start] == UInt8(ascii: "Z") || bytes[start] == UInt8(ascii: "z") { return 0 }
        let sign: Int
        switch bytes[start] {
        case UInt8(ascii: "+"): sign = 1
        case UInt8(ascii: "-"): sign = -1
        default: return nil
        }
        guard let hours = DateDigits.number(bytes, at: start + 1, count: 2), hours <= 18 else { return nil }
        var minutes = 0
        switch remaining {
        case 3: break
        case 5: guard let value = DateDigits.number(bytes, at: start + 3, count: 2) else { return nil }; minutes = value
        case 6:
            guard bytes[start + 3] == UInt8(ascii: ":"),
                  let value = DateDigits.number(bytes, at: start + 4, count: 2) else { return nil }
            minutes = value
        default: return nil
        }
        guard minutes <= 59 else { return nil }
        return sign * (hours * 3_600 + minutes * 60)
    }

    /// The wall-calendar day this falls on for someone in `timeZone`; a bare date is that day.
    public func localDate(in timeZone: TimeZone) -> LocalDate {
        switch self {
        case .instant(let instant): return LocalDate(instant, in: timeZone)
        case .date(let date): return date
        }
    }

    /// The earliest instant it can mean for someone in `timeZone`: the instant, or the start of the day.
    public func startInstant(in timeZone: TimeZone) -> Date {
        switch self {
        case .instant(let instant): return instant
        case .date(let date): return date.instant(hour: 0, minute: 0, in: timeZone)
        }
    }
}

extension PointInTime: CustomStringConvertible {
    /// ISO 8601: `2019-08-07T05:21:21Z` (UTC, with milliseconds when present) or `2019-08-07`.
    public var description: String {
        switch self {
        case .date(let date): return date.description
        case .instant(let instant):
            let seconds = instant.timeIntervalSince1970
            let whole = Int(seconds.rounded(.down))
            let date = LocalDate(dayNumber: Int((Double(whole) / 86_400).rounded(.down)))
            let secondOfDay = whole - date.dayNumber * 86_400
            let milliseconds = Int(((seconds - Double(whole)) * 1_000).rounded())
            var text = "\(date)T\(DateDigits.padded(secondOfDay / 3_600, width: 2)):"
                + "\(DateDigits.padded(secondOfDay % 3_600 / 60, width: 2)):\(DateDigits.padded(secondOfDay % 60, width: 2))"
            if milliseconds > 0 { text += "." + DateDigits.padded(min(milliseconds, 999), width: 3) }
            return text + "Z"
        }
    }
}
