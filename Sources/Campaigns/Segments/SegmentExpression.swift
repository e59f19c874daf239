/// A parsed segment condition, such as `total_spent >= 1000 and orders_count >= 5`.
///
/// Precedence, from tightest: `not`, then `and`, then `or`; parentheses group.
public indirect enum SegmentExpression: Hashable, Sendable {
    /// Both sides hold.
    case and(SegmentExpression, SegmentExpression)
    /// Either side holds.
    case or(SegmentExpression, SegmentExpression)
    /// The inner condition does not hold (true when it is false because a value is missing).
    case not(SegmentExpression)
    /// `exists FIELD`: the customer has a value for the field.
    case exists(SegmentField)
    /// `FIELD OP VALUE`: false when the field is missing, whatever the operator.
    case comparison(SegmentField, ComparisonOperator, SegmentValue)
    /// `FIELD in [A, B]`, or `FIELD not in [A, B]` when `negated`: false when the field is missing either way.
    case membership(SegmentField, [SegmentValue], negated: Bool)
    /// `FIELD contains VALUE`: a tag in the list, or a part of a text.
    case contains(SegmentField, SegmentValue)

    /// The fields the condition reads, in order of first use.
    public var fields: [SegmentField] {
        var seen: [SegmentField] = []
        collectFields(into: &seen)
        return seen
    }

    private func collectFields(into seen: inout [SegmentField]) {
        switch self {
        case let .and(left, right), let .or(left, right):
            left.collectFields(into: &seen)
            right.collectFields(into: &seen)
        case let .not(inner):
            inner.collectFields(into: &seen)
        case let .exists(field), let .comparison(field, _, _), let .membership(field, _, _), let .contains(field, _):
            if !seen.contains(field) { seen.append(field) }
        }
    }

    /// Whether the condition holds for `subject`. A comparison, `in`, `not in` or `contains` with a
    /// missing value (or an empty text or tag list) is false.
    public func matches(_ subject: some SegmentSubject) -> Bool {
        switch self {
        case let .and(left, right): return left.matches(subject) && right.matches(subject)
        case let .or(left, right): return left.matches(subject) || right.matches(subject)
        case let .not(inner): return !inner.matches(subject)
        case let .exists(field):
            return subject.hasValue(field) && !(subject.value(of: field).map(Self.isEmpty) ?? false)
        case let .comparison(field, comparison, literal):
            guard let value = Self.present(subject.value(of: field))?.converted(to: literal.kind) else { return false }
            return Self.compare(value, comparison, literal)
        case let .membership(field, literals, negated):
            guard let value = Self.present(subject.value(of: field)) else { return false }
            let found = literals.contains { literal in value.converted(to: literal.kind) == literal }
            return found != negated
        case let .contains(field, literal):
            guard case let .text(wanted) = literal, let value = Self.present(subject.value(of: field)) else { return false }
            switch value {
            case let .list(items): return items.contains(wanted)
            case let .text(text): return text.contains(wanted)
            default: return false
            }
        }
    }

    private static func isEmpty(_ value: SegmentValue) -> Bool {
        value == .text("") || value == .list([])
    }

    private static func present(_ value: SegmentValue?) -> SegmentValue? {
        guard let value, !isEmpty(value) else { return nil }
        return value
    }

    private static func compare(_ value: SegmentValue, _ comparison: ComparisonOperator, _ literal: SegmentValue) -> Bool {
        switch comparison {
        case .equal: return value == literal
        case .notEqual: return value != literal
        default:
            let ordering: Bool?
            switch (value, literal) {
            case let (.number(left), .number(right)):
                ordering = order(left, right, comparison)
            case let (.date(left), .date(right)):
                ordering = order(left, right, comparison)
            default:
                ordering = nil
            }
            return ordering ?? false
        }
    }

    private static func order<Value: Comparable>(_ left: Value, _ right: Value, _ comparison: ComparisonOperator) -> Bool {
        switch comparison {
        case .less: left < right
        case .lessOrEqual: left <= right
        case .greater: left > right
        case .greaterOrEqual: left >= right
        case .equal: left == right
        case .notEqual: left != right
        }
    }
}
