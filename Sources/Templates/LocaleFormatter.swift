import Calendars
import Foundation

/// Numbers, money and dates written the way a locale writes them: Persian `۱۲۰٬۰۰۰ ریال` and
/// `۲ آذر ۱۴۰۵`, Arabic `١٢٠٫٥٠` and `١٣ جمادى الآخرة ١٤٤٨`, English `1,200.00 USD` and
/// `23 November 2026`.
///
/// Digits: Persian and Pashto use ۰–۹ (U+06F0…), Arabic and Sorani Kurdish ٠–٩ (U+0660…) with the
/// Arabic separators ٬ and ٫, except Arabic in the Maghreb (`ar-MA`, `ar-DZ`, `ar-TN`, `ar-LY`,
/// `ar-EH`), which writes 0–9; every other language writes 0–9 with Foundation's separators for
/// its locale. (Foundation on Linux writes plain `ar` with 0–9, so Keepsake does this itself.)
public struct LocaleFormatter: Sendable {
    /// The locale numbers and dates are written for.
    public let locale: TemplateLocale
    private let zero: Unicode.Scalar
    private let groupingSeparator: String
    private let decimalSeparator: String

    /// A formatter for `locale`.
    public init(locale: TemplateLocale) {
        self.locale = locale
        let maghreb: Set<String> = ["MA", "DZ", "TN", "LY", "EH"]
        switch locale.language {
        case "fa", "ps": zero = "\u{06F0}"
        case "ar" where !maghreb.contains(locale.region ?? ""), "ckb": zero = "\u{0660}"
        default: zero = "0"
        }
        if zero != "0" {
            groupingSeparator = "\u{066C}"
            decimalSeparator = "\u{066B}"
        } else {
            let foundationLocale = Locale(identifier: locale.description)
            groupingSeparator = foundationLocale.groupingSeparator ?? ","
            decimalSeparator = foundationLocale.decimalSeparator ?? "."
        }
    }

    /// The ASCII digits 0–9 in `text` replaced by the locale's digits; everything else kept.
    public func localDigits(_ text: String) -> String {
        guard zero != "0" else { return text }
        var result = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if ("0"..."9").contains(scalar) {
                result.append(Unicode.Scalar(zero.value + scalar.value - 0x30)!)
            } else {
                result.append(scalar)
            }
        }
        return String(result)
    }

    /// A whole number with the locale's digits and thousands separators: `۱۲۰٬۰۰۰`.
    public func number(_ value: Int) -> String {
        number(Decimal(value), fractionDigits: 0)
    }

    /// A number rounded half away from zero to `fractionDigits` decimals, with the locale's digits
    /// and separators: `1,200.50`, `١٬٢٠٠٫٥٠`.
    public func number(_ value: Decimal, fractionDigits: Int) -> String {
        var input = value
        var rounded = Decimal()
        NSDecimalRound(&rounded, &input, fractionDigits, .plain)
        let negative = rounded < 0
        let plain = "\(negative ? -rounded : rounded)"
        let parts = plain.split(separator: ".", omittingEmptySubsequences: false)
        var grouped = ""
        for (offset, digit) in parts[0].enumerated() {
            if offset > 0, (parts[0].count - offset) % 3 == 0 { grouped += groupingSeparator }
            grouped.append(digit)
        }
        if fractionDigits > 0 {
            let fraction = parts.count > 1 ? String(parts[1]) : ""
            grouped += decimalSeparator + fraction + String(repeating: "0", count: max(0, fractionDigits - fraction.count))
        }
        return (negative ? "-" : "") + localDigits(grouped)
    }

    /// An amount of money with the currency's usual decimals and its name in the locale where
    /// Keepsake knows it, else its ISO 4217 code: `۱۲۰٬۰۰۰ ریال`, `1,200.00 USD`.
    public func money(_ amount: Decimal, currency: String) -> String {
        let code = currency.uppercased()
        return number(amount, fractionDigits: CurrencyNames.fractionDigits(code)) + " "
            + (CurrencyNames.name(code, language: locale.language) ?? code)
    }

    /// A day with its month's name and year, in the date's own calendar: `۲ آذر ۱۴۰۵`; without
    /// the year when it is unknown (a birthday written `--08-02`).
    public func date(_ date: CalendarDate) -> String {
        if let names = MonthNames.names(language: locale.language, calendar: date.calendar) {
            let dayAndMonth = localDigits(String(date.day)) + " " + names[date.month - 1]
            return date.year.map { dayAndMonth + " " + localDigits(String($0)) } ?? dayAndMonth
        }
        return foundationDate(date)
    }

    /// A Gregorian day written in `calendar`: 2026-11-23 in the Persian calendar is `۲ آذر ۱۴۰۵`
    /// for `fa` and `2 Azar 1405` for `en`.
    public func date(_ date: LocalDate, in calendar: CalendarSystem) -> String {
        self.date(calendar.calendarDate(for: date))
    }

    /// Other languages: Foundation's long date for the locale, with its own digits and word order.
    private func foundationDate(_ date: CalendarDate) -> String {
        var calendar = Calendar(identifier: date.calendar.foundationIdentifier)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: locale.description)
        formatter.calendar = calendar
        formatter.timeZone = calendar.timeZone
        formatter.setLocalizedDateFormatFromTemplate(date.year == nil ? "dMMMM" : "dMMMMy")
        // A date without a year (a birthday) is placed in a leap year only to name its month.
        let leapYear = [CalendarSystem.gregorian: 2024, .persian: 1403, .islamicUmmAlQura: 1445][date.calendar]!
        let components = DateComponents(year: date.year ?? leapYear, month: date.month, day: date.day)
        guard let instant = calendar.date(from: components) else { return date.description }
        return formatter.string(from: instant)
    }
}

extension CalendarSystem {
    var foundationIdentifier: Calendar.Identifier {
        switch self {
        case .gregorian: return .gregorian
        case .persian: return .persian
        case .islamicUmmAlQura: return .islamicUmmAlQura
        }
    }
}
