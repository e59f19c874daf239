import Calendars
import Foundation
internal import StrictYAML

/// The rules that keep a segment condition meaningful: which operators suit which fields, and
/// which values a field can ever hold. Every refusal names the field and what to write instead.
enum SegmentTypeCheck {
    /// `<`, `<=`, `>`, `>=` order numbers and dates; tags are tested with `contains`.
    static func `operator`(_ comparison: ComparisonOperator, on field: SegmentField, at offset: Int) throws(SegmentError) {
        if field.kind == .list {
            throw SegmentError(.typeMismatch, "\(field.name) is a list of labels; test it with \(field.name) contains \"vip\"", at: offset)
        }
        if comparison.isOrdering, field.kind == .text, !isAttribute(field) {
            throw SegmentError(.typeMismatch, "\(comparison.rawValue) orders numbers and dates, but \(field.name) is text; use =, != or in", at: offset)
        }
    }

    static func membership(on field: SegmentField, at offset: Int) throws(SegmentError) {
        if field.kind == .list {
            throw SegmentError(.typeMismatch, "\(field.name) is a list of labels; test one label with \(field.name) contains \"vip\", several with or", at: offset)
        }
    }

    static func contains(on field: SegmentField, at offset: Int) throws(SegmentError) {
        guard field.kind == .list || field.kind == .text else {
            throw SegmentError(.typeMismatch, "contains tests tags or a part of a text, but \(field.name) is a \(field.kind.rawValue); use =, <, > or in", at: offset)
        }
    }

    static func containsValue(_ value: SegmentValue, on field: SegmentField, at offset: Int) throws(SegmentError) {
        guard case let .text(text) = value else {
            throw SegmentError(.typeMismatch, "contains looks for text; put the value in quotes: \"\(value)\"", at: offset)
        }
        if text.isEmpty {
            throw SegmentError(.invalidLiteral, "an empty text is part of everything; write the tag or text to look for", at: offset)
        }
    }

    /// A value `field` is compared with: of the field's kind (an attribute, which is text in the
    /// import, may be compared with a number or a date too), and one the field can hold.
    static func literal(_ value: SegmentValue, text: String, for field: SegmentField, at offset: Int) throws(SegmentError) {
        let name = field.name
        switch (field.kind, value) {
        case (.text, .text(let text)):
            try textValue(text, for: field, at: offset)
        case (.text, _) where isAttribute(field):
            return
        case (.text, _):
            throw SegmentError(.typeMismatch, "\(name) is text; put the value in quotes: \"\(text)\"", at: offset)
        case (.number, .number):
            if field.isScore, !(1...5).contains(Int(text) ?? 0) {
                throw SegmentError(.invalidLiteral, "\(name) is a score from 1 to 5 (5 is best), so \(text) never matches", at: offset)
            }
        case (.number, .text(let quoted)):
            let hint = SegmentValue.number(quoted) != nil ? "write it without quotes: \(quoted)" : "compare it with a number such as \(example(for: field))"
            throw SegmentError(.typeMismatch, "\(name) is a number; \(hint)", at: offset)
        case (.date, .date):
            return
        case (.date, .text(let quoted)):
            let hint = (try? LocalDate(parsing: quoted)) != nil ? "write the date without quotes: \(quoted)" : "compare it with a date such as 2026-01-31"
            throw SegmentError(.typeMismatch, "\(name) is a date; \(hint)", at: offset)
        default:
            throw SegmentError(.typeMismatch, "\(name) is a \(field.kind.rawValue), so it cannot be compared with \(text); use a value such as \(example(for: field))", at: offset)
        }
    }

    /// Texts a field can never hold: an empty text, an unknown calendar, a lower-case country code.
    private static func textValue(_ text: String, for field: SegmentField, at offset: Int) throws(SegmentError) {
        if text.isEmpty {
            throw SegmentError(.invalidLiteral, "an empty text never matches (a missing value is not empty text); write not exists \(field.name) instead", at: offset)
        }
        switch field {
        case .calendar:
            let spellings = CalendarSystem.allCases.map(\.rawValue)
            guard spellings.contains(text) else {
                let suggestion = Suggestion.closest(to: text, among: spellings).map { " (did you mean \($0)?)" } ?? ""
                throw SegmentError(.invalidLiteral, "\"\(text)\" is not a calendar; the calendars are \(CalendarSystem.spellings)\(suggestion)", at: offset)
            }
        case .country:
            try code(text, letters: 2, what: "country", example: "IR", at: offset)
        case .currency:
            try code(text, letters: 3, what: "currency", example: "IRR", at: offset)
        default:
            return
        }
    }

    private static func code(_ text: String, letters: Int, what: String, example: String, at offset: Int) throws(SegmentError) {
        guard text.count == letters, text.allSatisfy({ $0.isASCII && $0.isUppercase }) else {
            let fix = text.count == letters && text.allSatisfy({ $0.isASCII && $0.isLetter }) ? "write \"\(text.uppercased())\"" : "such as \"\(example)\""
            throw SegmentError(.invalidLiteral, "\(what) codes are \(letters) upper-case letters; \(fix)", at: offset)
        }
    }

    static func isAttribute(_ field: SegmentField) -> Bool {
        if case .attribute = field { return true }
        return false
    }

    /// A sample value for messages.
    static func example(for field: SegmentField) -> String {
        if field.isScore { return "5" }
        switch field.kind {
        case .number: return field == .totalSpent ? "1000" : "30"
        case .date: return "2026-01-31"
        case .text, .list: return "\"vip\""
        }
    }
}
