/// A plan that cannot be made as asked, with an explanation an operator or marketer can act on,
/// such as `no customer has the id or email c-404; check the id with keepsake customers show`.
public struct PlannerError: Error, Sendable, CustomStringConvertible {
    /// The kind of failure, for code that reacts differently to each.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Hashable, Sendable {
            case unknownCustomer
            case unknownCampaign
            case invalidRange
            case noSegment
            case noCoupon
        }

        private let base: Base

        private init(_ base: Base) {
            self.base = base
        }

        /// No customer has the id (or email address) asked for.
        public static let unknownCustomer = Code(.unknownCustomer)
        /// No loaded campaign has the id asked for.
        public static let unknownCampaign = Code(.unknownCampaign)
        /// The requested days end before planning starts.
        public static let invalidRange = Code(.invalidRange)
        /// The customer matches none of the campaign's segments.
        public static let noSegment = Code(.noSegment)
        /// The campaign gives no coupon, so it has no codes to list.
        public static let noCoupon = Code(.noCoupon)

        /// The code's name, such as `unknownCustomer`.
        public var description: String { base.rawValue }
    }

    /// The kind of failure.
    public let code: Code
    /// What is wrong and how to put it right.
    public let message: String

    /// Creates an error of the given kind with an explanation.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// The explanation, ready to show.
    public var description: String { message }
}
