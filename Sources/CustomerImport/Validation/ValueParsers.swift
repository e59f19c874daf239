import Calendars
import Foundation

/// Readers for the plain values of import rows, each throwing a ``FieldProblem`` whose message
/// says what was written and what to write instead.
enum ValueParsers {
    /// A whole number of at least zero, such as an orders count.
    static func count(_ text: String) throws(FieldProblem) -> Int {
        if text.utf8.first == UInt8(ascii: "-"), text.utf8.count > 1, text.utf8.dropFirst().allSatisfy(isDigit) {
            throw FieldProblem("\(text) is negative; a count is 0 or more")
        }
        guard text.utf8.count <= 18, text.utf8.allSatisfy(isDigit), let number = Int(text) else {
            throw FieldProblem("\"\(text)\" is not a whole number; write digits only, such as 3")
        }
        return number
    }

    /// An amount of money of at least zero in currency units, such as `524.00`: digits with an
    /// optional decimal point; no currency sign or thousands separator.
    static func amount(_ text: String) throws(FieldProblem) -> Decimal {
        let bytes = Array(text.utf8)
        if bytes.first == UInt8(ascii: "-"), let value = plainDecimal(bytes[1...]), value > 0 {
            throw FieldProblem("\(text) is negative; an amount is 0 or more")
        }
        guard let value = plainDecimal(bytes[...]) else {
            throw FieldProblem("\"\(text)\" is not an amount; write digits with an optional decimal point, such as "
                + "1250.50, without currency signs or thousands separators")
        }
        return value
    }

    /// Digits with at most one `.`, at most 30 digits in all; nil otherwise.
    private static func plainDecimal(_ bytes: ArraySlice<UInt8>) -> Decimal? {
        var significand: UInt64 = 0
        var highDigits = Decimal(0)
        var digitCount = 0
        var fractionDigits = 0
        var seenPoint = false
        for byte in bytes {
            if byte == UInt8(ascii: ".") {
                guard !seenPoint else { return nil }
                seenPoint = true
                continue
            }
            guard isDigit(byte) else { return nil }
            digitCount += 1
            if seenPoint { fractionDigits += 1 }
            if digitCount == 19 {
                highDigits = Decimal(significand)
                significand = 0
            }
            if digitCount > 30 { return nil }
            significand = significand &* 10 &+ UInt64(byte - UInt8(ascii: "0"))
        }
        guard digitCount > 0 else { return nil }
        var value = Decimal(significand)
        if digitCount > 18 {
            value += highDigits * pow(Decimal(10), digitCount - 18)
        }
        return fractionDigits == 0 ? value : Decimal(sign: .plus, exponent: -fractionDigits, significand: value)
    }

    /// An ISO 3166-1 alpha-2 country code, upper-cased: `ir` reads as `IR`.
    static func country(_ text: String) throws(FieldProblem) -> String {
        guard text.utf8.count == 2, text.utf8.allSatisfy(isLetter) else {
            throw FieldProblem("\"\(text)\" is not a two-letter country code (ISO 3166-1), such as IR, AE or US")
        }
        return text.uppercased()
    }

    /// An ISO 4217 currency code, upper-cased: `irr` reads as `IRR`; a code ISO 4217 does not
    /// list (`XYZ`, `RIAL`) is refused.
    static func currency(_ text: String) throws(FieldProblem) -> String {
        guard text.utf8.count == 3, text.utf8.allSatisfy(isLetter) else {
            throw FieldProblem("\"\(text)\" is not a three-letter currency code (ISO 4217), such as IRR, AED or USD")
        }
        let code = text.uppercased()
        guard knownCurrencies.contains(code) else {
            throw FieldProblem("\(code) is not a currency code ISO 4217 lists; write the shop's currency, such as IRR, AED or USD")
        }
        return code
    }

    /// The codes ISO 4217 lists (Foundation's table), read once.
    private static let knownCurrencies = Set(Locale.commonISOCurrencyCodes + Locale.Currency.isoCurrencies.map(\.identifier))

    /// A whole number of at least 1, such as a line item's quantity.
    static func quantity(_ text: String) throws(FieldProblem) -> Int {
        guard text.utf8.count <= 9, !text.isEmpty, text.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), let value = Int(text),
              value >= 1 else {
            throw FieldProblem("\"\(text)\" is not a quantity; write a whole number of at least 1, such as 2")
        }
        return value
    }

    /// The discount codes of an order: Keepsake's and Shopify's `CODE1, CODE2` (or `;`), or
    /// WooCommerce's `coupon_items` (`code:SAVE10|amount:5.00;code:BDAY-…|amount:…`); upper-cased,
    /// since checkouts compare codes without case. At most 20 codes of 1 to 64 characters.
    static func discountCodes(_ text: String) throws(FieldProblem) -> [String] {
        var codes: [String] = []
        let isWooCommerce = text.contains("code:")
        for entry in text.split(whereSeparator: { $0 == ";" || (!isWooCommerce && $0 == ",") }) {
            var code = Substring(entry)
            if isWooCommerce {
                guard let range = entry.range(of: "code:") else { continue }
                code = entry[range.upperBound...].prefix { $0 != "|" }
            }
            let trimmed = code.trimmingCharacters(in: .whitespaces).uppercased()
            guard !trimmed.isEmpty else { continue }
            guard trimmed.count <= 64, !trimmed.contains(where: { $0.isNewline || $0 == "\u{0}" }) else {
                throw FieldProblem("\"\(trimmed.prefix(70))\" is not a discount code; a code is 1 to 64 characters on one line")
            }
            if !codes.contains(trimmed) { codes.append(trimmed) }
        }
        guard codes.count <= 20 else {
            throw FieldProblem("the order gives \(codes.count) discount codes; at most 20 are read — is this the right column?")
        }
        return codes
    }

    /// A BCP 47 language tag such as `fa-IR`, `ar`, `en-US` or `zh-Hant-TW`: a language of 2–3
    /// letters, then subtags of 1–8 letters or digits, separated by hyphens.
    static func locale(_ text: String) throws(FieldProblem) -> String {
        let subtags = text.utf8.split(separator: UInt8(ascii: "-"), omittingEmptySubsequences: false)
        let languageIsValid = subtags[0].count >= 2 && subtags[0].count <= 3 && subtags[0].allSatisfy(isLetter)
        let restIsValid = subtags.dropFirst().allSatisfy { subtag in
            (1...8).contains(subtag.count) && subtag.allSatisfy { isLetter($0) || isDigit($0) }
        }
        guard languageIsValid, restIsValid else {
            let hint = text.contains("_") ? " (separate the parts with \"-\", not \"_\")" : ""
            throw FieldProblem("\"\(text)\" is not a language tag (BCP 47) such as fa-IR, ar or en-US\(hint)")
        }
        return text
    }

    /// Tags from one column, split on `separator`, trimmed, empty pieces left out.
    static func tags(_ text: String, separator: String) -> [String] {
        let pieces: [Substring]
        if separator.utf8.count == 1, let byte = separator.utf8.first {
            pieces = text.utf8.split(separator: byte, omittingEmptySubsequences: true).compactMap { Substring($0) }
        } else {
            pieces = text.split(separator: separator)
        }
        return pieces.map { String($0).trimmingASCIISpaces() }.filter { !$0.isEmpty }
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

    private static func isLetter(_ byte: UInt8) -> Bool { (byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A }
}

/// Time zones by IANA name, as the import validates them (looked up through ``TimeZoneNames``).
enum TimeZoneField {
    /// The zone named `name`, such as `Asia/Tehran`.
    static func zone(named name: String) throws(FieldProblem) -> TimeZone {
        guard let zone = TimeZoneNames.zone(named: name) else {
            throw FieldProblem("\"\(name)\" is not a time zone; write an IANA name such as Asia/Tehran, Asia/Dubai "
                + "or Europe/London")
        }
        return zone
    }
}
