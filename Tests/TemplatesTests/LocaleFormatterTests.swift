import Calendars
import Foundation
import Testing
@testable import Templates

/// ICU, through Foundation, as an independent oracle: its calendar conversion and month names
/// against Keepsake's month tables and Calendars' conversions.
private func icuDate(_ date: LocalDate, locale: String, calendar: Calendar.Identifier) -> String {
    let formatter = DateFormatter()
    formatter.locale = Locale(identifier: locale)
    var foundationCalendar = Calendar(identifier: calendar)
    foundationCalendar.timeZone = TimeZone(identifier: "UTC")!
    formatter.calendar = foundationCalendar
    formatter.timeZone = foundationCalendar.timeZone
    formatter.dateFormat = "d MMMM y"
    return formatter.string(from: Date(timeIntervalSince1970: Double(date.dayNumber) * 86_400 + 43_200))
}

private func formatter(_ locale: String) -> LocaleFormatter {
    LocaleFormatter(locale: TemplateLocale(locale)!)
}

private func day(_ text: String) -> LocalDate {
    try! LocalDate(parsing: text)
}

struct DateOracleCase: Sendable, CustomTestStringConvertible {
    let locale: String
    let icuLocale: String
    let calendar: CalendarSystem
    var testDescription: String { "\(locale) \(calendar.rawValue)" }
}

@Suite struct LocaleFormatterTests {
    /// Every day of two years, in the combinations where ICU's names are the ones Keepsake uses.
    /// Plain `ar` is checked against ICU's `ar-SA`, which (unlike ICU's `ar`) writes ٠–٩.
    @Test(arguments: [
        DateOracleCase(locale: "fa", icuLocale: "fa", calendar: .persian),
        DateOracleCase(locale: "fa-IR", icuLocale: "fa-IR", calendar: .islamicUmmAlQura),
        DateOracleCase(locale: "ar", icuLocale: "ar-SA", calendar: .islamicUmmAlQura),
        DateOracleCase(locale: "ar-EG", icuLocale: "ar-EG", calendar: .gregorian),
        DateOracleCase(locale: "en", icuLocale: "en", calendar: .gregorian),
        DateOracleCase(locale: "en-US", icuLocale: "en", calendar: .persian),
        DateOracleCase(locale: "en", icuLocale: "en", calendar: .islamicUmmAlQura),
    ])
    func datesAgreeWithICU(_ oracle: DateOracleCase) {
        let ours = formatter(oracle.locale)
        var mismatches: [String] = []
        for offset in 0..<730 {
            let date = day("2026-01-01").adding(days: offset)
            let expected = icuDate(date, locale: oracle.icuLocale, calendar: oracle.calendar.foundationIdentifier)
            let written = ours.date(date, in: oracle.calendar)
            if written != expected { mismatches.append("\(date): \(written) ≠ \(expected)") }
        }
        #expect(mismatches.prefix(5) == [])
    }

    @Test func theBriefsExamples() {
        #expect(formatter("fa").date(day("2026-11-23"), in: .persian) == "۲ آذر ۱۴۰۵")
        #expect(formatter("en").date(day("2026-11-23"), in: .gregorian) == "23 November 2026")
        #expect(formatter("fa-IR").money(120_000, currency: "IRR") == "۱۲۰٬۰۰۰ ریال")
        #expect(formatter("en").money(1_200, currency: "USD") == "1,200.00 USD")
    }

    /// Where ICU's names are wrong or carry the ezafe, Keepsake's own are used.
    @Test func namesKeepsakeSpellsItself() {
        #expect(formatter("ar").date(day("2026-11-23"), in: .persian) == "٢ آذر ١٤٠٥")
        #expect(formatter("ar").date(day("2027-03-20"), in: .persian) == "٢٩ إسفند ١٤٠٥")
        #expect(icuDate(day("2027-03-20"), locale: "ar-SA", calendar: .persian).contains("اسفندار"))
        #expect(formatter("fa").date(day("2026-11-23"), in: .gregorian) == "۲۳ نوامبر ۲۰۲۶")
        #expect(formatter("fa").date(day("2026-05-01"), in: .gregorian) == "۱ مه ۲۰۲۶")
    }

    @Test func aBirthdayWithoutYearHasNoYear() throws {
        let birthday = try CalendarDate(calendar: .persian, year: nil, month: 2, day: 24)
        #expect(formatter("fa").date(birthday) == "۲۴ اردیبهشت")
        #expect(formatter("en").date(birthday) == "24 Ordibehesht")
        let islamic = try CalendarDate(calendar: .islamicUmmAlQura, year: nil, month: 9, day: 30)
        #expect(formatter("ar").date(islamic) == "٣٠ رمضان")
    }

    /// Languages without a table here get Foundation's long date, with their own word order.
    @Test func otherLanguagesUseFoundation() throws {
        #expect(formatter("de").date(day("2026-11-23"), in: .gregorian) == "23. November 2026")
        #expect(formatter("he").date(day("2026-11-23"), in: .gregorian).contains("נובמבר"))
    }

    @Test(arguments: [("fa", "fa"), ("fa-IR", "fa-IR"), ("ar", "ar-SA"), ("ar-EG", "ar-EG"), ("en", "en"),
                      ("ar-MA", "ar-MA"), ("de", "de")])
    func wholeNumbersAgreeWithICU(_ locale: String, _ icuLocale: String) {
        let icu = NumberFormatter()
        icu.locale = Locale(identifier: icuLocale)
        icu.numberStyle = .decimal
        for value in [0, 7, 42, 999, 1_000, 12_345, 120_000, 1_234_567, 1_000_000_000] {
            #expect(formatter(locale).number(value) == icu.string(from: NSNumber(value: value)), "\(value)")
        }
    }

    @Test func digitsFollowTheLanguageAndRegion() {
        #expect(formatter("fa").number(1_405) == "۱٬۴۰۵")
        #expect(formatter("ps").localDigits("2026") == "۲۰۲۶")
        #expect(formatter("ar").number(1_405) == "١٬٤٠٥")
        #expect(formatter("ar-SA").number(1_405) == "١٬٤٠٥")
        #expect(formatter("ar-MA").number(1_405) == "1.405")
        #expect(formatter("ar-TN").localDigits("2026") == "2026")
        #expect(formatter("en").number(1_405) == "1,405")
        #expect(formatter("ur").localDigits("2026") == "2026")
    }

    @Test func moneyUsesTheCurrencysDecimalsAndName() {
        #expect(formatter("ar").money(Decimal(string: "1234.5")!, currency: "SAR") == "١٬٢٣٤٫٥٠ ريال سعودي")
        #expect(formatter("ar-KW").money(Decimal(string: "12.5")!, currency: "KWD") == "١٢٫٥٠٠ دينار كويتي")
        #expect(formatter("fa").money(Decimal(string: "120000.6")!, currency: "irr") == "۱۲۰٬۰۰۱ ریال")
        #expect(formatter("fa").money(250, currency: "USD") == "۲۵۰٫۰۰ دلار")
        #expect(formatter("en").money(Decimal(string: "0.125")!, currency: "EUR") == "0.13 EUR")
        #expect(formatter("en").money(-5, currency: "USD") == "-5.00 USD")
        #expect(formatter("de").money(Decimal(string: "1234.5")!, currency: "EUR") == "1.234,50 EUR")
    }
}
