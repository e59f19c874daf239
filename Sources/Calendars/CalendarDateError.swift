/// A date that cannot be read or does not exist, with an explanation a marketer can act on, such
/// as `1403-13-01 is not a date in the persian calendar: month 13 (months are 1–12)`.
public struct CalendarDateError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kind of mistake, for code that reacts differently to each.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Hashable, Sendable {
            case invalidFormat
            case outOfRange
            case missingYear
        }

        private let base: Base

        private init(_ base: Base) {
            self.base = base
        }

        /// Text that is not written as `YYYY-MM-DD`, `--MM-DD` or an ISO 8601 instant.
        public static let invalidFormat = Code(.invalidFormat)
        /// Numbers that name no day, such as month 13 or the 30th of February.
        public static let outOfRange = Code(.outOfRange)
        /// A date without a year where a full date is needed.
        public static let missingYear = Code(.missingYear)

        /// The code's name, such as `outOfRange`.
        public var description: String { base.rawValue }
    }

    /// The kind of mistake.
    public let code: Code
    /// What is wrong and how to write it instead.
    public let message: String

    /// Creates an error of the given kind with an explanation.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// The explanation, ready to show to a marketer.
    public var description: String { message }
}

extension CalendarDateError {
    static func invalidFormat(_ text: some StringProtocol, expected: String) -> CalendarDateError {
        CalendarDateError(.invalidFormat, "\"\(text)\" is not a date: write it as \(expected)")
    }

    static func outOfRange(
        _ text: String, calendar: CalendarSystem, _ problem: String
    ) -> CalendarDateError {
        CalendarDateError(.outOfRange, "\(text) is not a date in the \(calendar.rawValue) calendar: \(problem)")
    }
}
