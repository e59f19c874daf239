/// One problem found in the campaign files, positioned where the marketer has to change something.
///
/// Its ``description`` reads `FILE:LINE:COLUMN: message` (with `warning: ` before the message for a
/// warning), followed for a segment condition by the condition and a caret under the mistake:
///
/// ```text
/// campaigns/birthday.yaml:6:29: unknown field 'totl_spent' (did you mean total_spent?)
///     totl_spent >= 1000 and orders_count >= 5
///     ^
/// ```
public struct CampaignProblem: Error, Hashable, Sendable, CustomStringConvertible {
    /// A stable identifier for the kind of problem.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        /// The code's name, such as `unknownField`.
        public let description: String
        private init(_ name: String) { description = name }

        /// The file is not valid YAML (the `syntax` code of StrictYAML).
        public static let syntax = Code("syntax")
        /// A list or a section where a single value belongs, or the other way round.
        public static let typeMismatch = Code("typeMismatch")
        /// A key that is not allowed at its place.
        public static let unknownKey = Code("unknownKey")
        /// A key given twice in one section.
        public static let duplicateKey = Code("duplicateKey")
        /// A required key that is absent or empty.
        public static let missingKey = Code("missingKey")
        /// A value that cannot be used: a bad time zone, date, number, name…
        public static let invalidValue = Code("invalidValue")
        /// A segment condition that cannot be read (a missing operator, an unclosed parenthesis…).
        public static let expressionSyntax = Code("expressionSyntax")
        /// A segment condition that names a field that does not exist.
        public static let unknownField = Code("unknownField")
        /// A segment condition that compares a field with a value of the wrong kind.
        public static let expressionType = Code("expressionType")
        /// A campaign whose `id` differs from its file name.
        public static let idMismatch = Code("idMismatch")
        /// A file that cannot be read, or a folder that does not exist.
        public static let unreadableFile = Code("unreadableFile")
        /// A campaign listed in calendar.yaml whose file does not exist.
        public static let missingFile = Code("missingFile")
        /// A campaign file in the folder that calendar.yaml does not list (a warning: it never runs).
        public static let unlistedFile = Code("unlistedFile")
        /// A campaign file listed twice in calendar.yaml.
        public static let duplicateListing = Code("duplicateListing")
        /// A segment that no customer can reach because an earlier one matches everyone (a warning).
        public static let unreachableSegment = Code("unreachableSegment")
        /// A file or a condition past one of Keepsake's limits: a YAML file's size, nesting or
        /// aliases, or a condition's nesting or number of tests.
        public static let limitExceeded = Code("limitExceeded")

        /// The code of the same name as a StrictYAML code (`syntax`, `unknownKey`, …).
        static func named(_ name: String) -> Code { Code(name) }
    }

    /// How serious a problem is.
    public enum Severity: String, Hashable, Sendable {
        /// The files cannot be used as they are; nothing is sent until it is fixed.
        case error
        /// The files work, but probably not as the marketer meant.
        case warning
    }

    /// What kind of problem this is.
    public let code: Code
    /// Whether it blocks sending.
    public let severity: Severity
    /// Where to change something.
    public let location: SourceLocation
    /// What is wrong and what to write instead, on one line.
    public let message: String
    /// Lines shown below the message, such as a segment condition and a caret under the mistake.
    public let excerpt: [String]

    /// Creates a problem.
    public init(_ code: Code, at location: SourceLocation, _ message: String,
                severity: Severity = .error, excerpt: [String] = []) {
        self.code = code
        self.severity = severity
        self.location = location
        self.message = message
        self.excerpt = excerpt
    }

    /// The file, such as `campaigns/birthday.yaml`.
    public var file: String { location.file }
    /// The line, from 1; 0 when unknown.
    public var line: Int { location.line }
    /// The column, from 1; 0 when unknown.
    public var column: Int { location.column }

    /// `FILE:LINE:COLUMN: message`, then the excerpt lines, each indented by four spaces.
    public var description: String {
        let label = severity == .warning ? "warning: " : ""
        let first = "\(location): \(label)\(message)"
        return ([first] + excerpt.map { "    " + $0 }).joined(separator: "\n")
    }
}
