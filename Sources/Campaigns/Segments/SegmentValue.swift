import Calendars
import Foundation

/// The value of a customer field, or a literal of a segment condition.
public enum SegmentValue: Hashable, Sendable, CustomStringConvertible {
    /// Text, compared exactly (case matters).
    case text(String)
    /// An exact decimal number, such as an order total.
    case number(Decimal)
    /// A local date, such as the customer's local day of their last order.
    case date(LocalDate)
    /// A list of texts: the customer's tags.
    case list([String])

    /// The kinds of values, for type checking conditions.
    public enum Kind: String, Hashable, Sendable {
        /// Compared with `=`, `!=`, `in` and `contains`.
        case text
        /// Compared with all six operators and `in`.
        case number
        /// Compared with all six operators and `in`.
        case date
        /// Tested with `contains` and `exists`.
        case list
    }

    /// The kind of this value.
    public var kind: Kind {
        switch self {
        case .text: .text
        case .number: .number
        case .date: .date
        case .list: .list
        }
    }

    /// As written in a condition: `"vip"`, `1000`, `2026-01-01`, `["a", "b"]`.
    public var description: String {
        switch self {
        case .text(let text): SegmentValue.quoted(text)
        case .number(let number): "\(number)"
        case .date(let date): "\(date)"
        case .list(let items): "[" + items.map(SegmentValue.quoted).joined(separator: ", ") + "]"
        }
    }

    static func quoted(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    /// This value read as `kind`: text holding a number or a `YYYY-MM-DD` date reads as one (an
    /// attribute column is text); nil when it cannot be read so.
    func converted(to kind: Kind) -> SegmentValue? {
        switch (self, kind) {
        case (_, _) where self.kind == kind: return self
        case (.text(let text), .number): return Self.number(text).map(SegmentValue.number)
        case (.text(let text), .date): return (try? LocalDate(parsing: text)).map(SegmentValue.date)
        case (.number(let number), .text): return .text("\(number)")
        case (.date(let date), .text): return .text("\(date)")
        default: return nil
        }
    }

    /// A decimal number written with ASCII digits, an optional sign and an optional fraction.
    static func number(_ text: String) -> Decimal? {
        var body = Substring(text)
        if body.first == "-" || body.first == "+" { body = body.dropFirst() }
        let parts = body.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count),
              parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy { $0.isASCII && $0.isNumber } }) else { return nil }
        return Decimal(string: text, locale: Locale(identifier: "en_US_POSIX"))
    }
}

/// What a segment condition is evaluated over: one customer, as seen on the day being planned.
///
/// The store's customer record is adapted to it by the caller; derived fields (days since the
/// last order, age, RFM scores) are computed for the planned day.
public protocol SegmentSubject {
    /// The value of `field`, or nil when the customer has none. A comparison with a missing value
    /// is false.
    func value(of field: SegmentField) -> SegmentValue?

    /// Whether the customer has the field at all, for `exists FIELD`. By default, whether
    /// ``value(of:)`` gives a value; a subject overrides it when a field can be present without a
    /// comparable value (a birthday without a year has no Gregorian date, but it exists).
    func hasValue(_ field: SegmentField) -> Bool
}

extension SegmentSubject {
    /// Whether ``value(of:)`` gives a value.
    public func hasValue(_ field: SegmentField) -> Bool {
        value(of: field) != nil
    }
}

/// A subject given as a table of field values, such as a preview of one customer, or a test.
public struct SegmentFieldValues: SegmentSubject, Hashable, Sendable {
    /// The values by field; a field absent here is missing.
    public var values: [SegmentField: SegmentValue]

    /// Creates a subject from values by field.
    public init(_ values: [SegmentField: SegmentValue] = [:]) {
        self.values = values
    }

    /// The value in the table.
    public func value(of field: SegmentField) -> SegmentValue? {
        values[field]
    }
}
