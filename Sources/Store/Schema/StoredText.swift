import Calendars
import Foundation
import Mail

/// The fixed text forms the store writes values in: they sort as the values do, and the consent
/// ledger's hashes are taken over exactly these strings.
enum StoredText {
    /// A UTC instant with milliseconds, always 24 characters: `2026-03-21T09:30:00.000Z`.
    static func instant(_ date: Date) -> String {
        let milliseconds = Int((date.timeIntervalSince1970 * 1_000).rounded(.down))
        let (days, millisecondOfDay) = floorDivision(milliseconds, 86_400_000)
        let second = millisecondOfDay / 1_000
        return "\(LocalDate(dayNumber: days))T\(padded(second / 3_600, 2)):\(padded(second % 3_600 / 60, 2)):"
            + "\(padded(second % 60, 2)).\(padded(millisecondOfDay % 1_000, 3))Z"
    }

    /// Reads an instant written by ``instant(_:)``.
    static func date(_ text: String) -> Date? {
        guard case .instant(let date)? = try? PointInTime(parsing: text) else { return nil }
        return date
    }

    /// An exact decimal number without grouping or exponent, such as `1250000.5`.
    static func decimal(_ value: Decimal) -> String {
        value.description
    }

    /// Reads a decimal written by ``decimal(_:)``.
    static func decimal(_ text: String) -> Decimal? {
        plainDecimal(text.utf8) ?? Decimal(string: text, locale: posix)
    }

    /// ``decimal(_:)`` of text handed over as UTF-8 (a column read in place, millions of times).
    static func decimal(utf8 bytes: UnsafeBufferPointer<UInt8>) -> Decimal? {
        plainDecimal(bytes) ?? Decimal(string: String(decoding: bytes, as: UTF8.self), locale: posix)
    }

    /// A number written `-?[0-9]+(.[0-9]+)?` with at most 18 digits and not zero, read into the
    /// same value, exponent and significand as `Decimal(string:)` gives, at a third of its cost
    /// (it is read for every customer a planning run decodes); nil for any other text.
    private static func plainDecimal(_ bytes: some Collection<UInt8>) -> Decimal? {
        var significand: UInt64 = 0
        var digits = 0
        var fractionDigits: Int?
        var negative = false
        for (index, byte) in bytes.enumerated() {
            switch byte {
            case UInt8(ascii: "-") where index == 0:
                negative = true
            case UInt8(ascii: ".") where fractionDigits == nil && digits > 0:
                fractionDigits = 0
            case UInt8(ascii: "0")...UInt8(ascii: "9") where digits < 18:
                significand = significand * 10 + UInt64(byte - UInt8(ascii: "0"))
                digits += 1
                fractionDigits = fractionDigits.map { $0 + 1 }
            default:
                return nil
            }
        }
        // Zero keeps the exponent it was written with in Foundation's reading: left to it.
        guard digits > 0, fractionDigits != 0, significand != 0 else { return nil }
        return Decimal(sign: negative ? .minus : .plus, exponent: -(fractionDigits ?? 0), significand: Decimal(significand))
    }

    /// The locale numbers are written in, made once (making one per number cost as much as reading it).
    private static let posix = Locale(identifier: "en_US_POSIX")

    private static func floorDivision(_ value: Int, _ divisor: Int) -> (Int, Int) {
        let remainder = value % divisor
        return remainder < 0 ? (value / divisor - 1, remainder + divisor) : (value / divisor, remainder)
    }

    private static func padded(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }
}
