import Calendars
import Foundation

/// The comparison operators of segment conditions.
public enum ComparisonOperator: String, CaseIterable, Hashable, Sendable {
    /// `=`: the same text, number or date.
    case equal = "="
    /// `!=`: a different value (false when the value is missing).
    case notEqual = "!="
    /// `<`: an earlier date or a smaller number.
    case less = "<"
    /// `<=`: an earlier or the same date, a smaller or equal number.
    case lessOrEqual = "<="
    /// `>`: a later date or a larger number.
    case greater = ">"
    /// `>=`: a later or the same date, a larger or equal number.
    case greaterOrEqual = ">="

    /// Whether the operator orders values (and so needs numbers or dates).
    public var isOrdering: Bool { self != .equal && self != .notEqual }
}

/// The words of the condition language; written in any case (`and`, `AND`).
enum SegmentKeyword: String, CaseIterable {
    case and, or, not, `in`, contains, exists
}

/// One token of a segment condition with its place, in Unicode scalars.
struct SegmentToken {
    enum Kind: Equatable {
        case field(String)
        case keyword(SegmentKeyword)
        case literal(SegmentValue)
        case comparison(ComparisonOperator)
        case openParenthesis, closeParenthesis, openBracket, closeBracket, comma
        case end
    }

    let kind: Kind
    let offset: Int
    /// The token as written.
    let text: String

    /// How the token is named in "expected …, got …" messages.
    var shown: String {
        switch kind {
        case .end: "the end of the condition"
        case .literal(.text): "the text \(text)"
        default: "'\(text)'"
        }
    }
}
