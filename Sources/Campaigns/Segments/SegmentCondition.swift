/// The `where:` condition of a segment: its text as written and the checked expression.
///
/// ```swift
/// let vip = try SegmentCondition(parsing: "total_spent >= 1000 and orders_count >= 5")
/// vip.fields            // [.totalSpent, .ordersCount]
/// vip.matches(customer) // customer: some SegmentSubject
/// ```
///
/// The language: `= != < <= > >=`, `in [..]`, `not in [..]`, `contains` (a tag, or a part of a
/// text), `exists FIELD`, `and`, `or`, `not` and parentheses; text in double or single quotes,
/// numbers such as `1000` or `19.99`, dates as `YYYY-MM-DD`. Words are written in any case.
public struct SegmentCondition: Hashable, Sendable, CustomStringConvertible {
    /// The condition as written.
    public let source: String
    /// The parsed and type-checked condition.
    public let expression: SegmentExpression

    /// Parses and checks a condition.
    ///
    /// - Throws: ``SegmentError`` with the offset of the mistake, such as
    ///   `unknown field 'totl_spent' (did you mean total_spent?)` at offset 0.
    public init(parsing source: String) throws(SegmentError) {
        self.source = source
        self.expression = try SegmentParser.parse(source)
    }

    /// The fields the condition reads, in order of first use; the planner loads only these, and
    /// computes RFM scores only when one is used.
    public var fields: [SegmentField] { expression.fields }

    /// Whether `subject` satisfies the condition.
    public func matches(_ subject: some SegmentSubject) -> Bool {
        expression.matches(subject)
    }

    /// The condition as written.
    public var description: String { source }
}
