/// A segment condition that cannot be used, with the place in the condition to change.
///
/// ``offset`` counts Unicode scalars from the start of the condition; the campaign loader turns
/// it into a file line and column and shows the condition with a caret under the mistake.
public struct SegmentError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The kind of mistake, for code that reacts differently to each.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Hashable, Sendable {
            case syntax, unknownField, typeMismatch, invalidLiteral, limitExceeded
        }

        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// The condition cannot be read: a missing operator, an unclosed parenthesis or quote, a stray character.
        public static let syntax = Code(.syntax)
        /// A field name that does not exist, such as `totl_spent`.
        public static let unknownField = Code(.unknownField)
        /// A comparison between a field and a value of another kind, or an operator the field does not support.
        public static let typeMismatch = Code(.typeMismatch)
        /// A value that can never match: a date that does not exist, a score outside 1–5, an unknown calendar.
        public static let invalidLiteral = Code(.invalidLiteral)
        /// A condition past one of ``SegmentLimits``: groups and `not`s nested too deep, or too many tests.
        public static let limitExceeded = Code(.limitExceeded)

        /// The code's name, such as `unknownField`.
        public var description: String { base.rawValue }
    }

    /// The kind of mistake.
    public let code: Code
    /// What is wrong and what to write instead.
    public let message: String
    /// Where the mistake starts, in Unicode scalars from the start of the condition.
    public let offset: Int

    /// Creates an error.
    public init(_ code: Code, _ message: String, at offset: Int) {
        self.code = code
        self.message = message
        self.offset = offset
    }

    /// The message.
    public var description: String { message }

    /// The condition on one line and a caret under the mistake, for showing below the message; a
    /// condition longer than 120 characters is cut to the 120 around the mistake, with … for the rest.
    public func excerpt(of source: String) -> [String] {
        var scalars = source.unicodeScalars.map { $0 == "\n" || $0 == "\t" || $0 == "\r" ? " " : $0 }
        var caret = max(0, offset)
        let width = 120
        if scalars.count > width {
            let start = min(max(0, caret - width / 2), scalars.count - width)
            let end = start + width
            scalars = (start > 0 ? ["…"] : []) + scalars[start..<end] + (end < scalars.count ? ["…"] : [])
            caret = caret - start + (start > 0 ? 1 : 0)
        }
        return [String(String.UnicodeScalarView(scalars)), String(repeating: " ", count: caret) + "^"]
    }
}
