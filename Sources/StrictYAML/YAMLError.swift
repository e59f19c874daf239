/// A problem in a YAML document, positioned at the place the operator has to change.
///
/// Its ``description`` reads `FILE:LINE:COLUMN: KEYPATH: MESSAGE`, the form editors and
/// terminals recognise, for example
/// `keepsake.yaml:4:3: smtp.strattls: unknown key (did you mean starttls?)`.
public struct YAMLError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A stable identifier for the kind of problem.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Hashable, Sendable {
            case syntax, typeMismatch, unknownKey, duplicateKey, missingKey, invalidValue, limitExceeded, unreadableFile
        }

        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// The name of the code, such as `unknownKey`.
        public var description: String { base.rawValue }

        /// The text is not valid YAML (a tab in the indentation, an unclosed quote or bracket, …).
        public static let syntax = Code(.syntax)
        /// A list or a section stands where a single value is expected, or the other way round.
        public static let typeMismatch = Code(.typeMismatch)
        /// A key that is not one of those allowed at this place.
        public static let unknownKey = Code(.unknownKey)
        /// The same key appears twice in one section.
        public static let duplicateKey = Code(.duplicateKey)
        /// A key that must be present is not.
        public static let missingKey = Code(.missingKey)
        /// A single value that cannot be used (a bad number, duration, choice, address, …).
        public static let invalidValue = Code(.invalidValue)
        /// The file passes one of ``YAMLLimits``: its size, its nesting depth or what its aliases repeat.
        public static let limitExceeded = Code(.limitExceeded)
        /// The file's bytes are not UTF-8 text.
        public static let unreadableFile = Code(.unreadableFile)
    }

    /// What kind of problem this is.
    public let code: Code
    /// The file name shown to the operator.
    public let file: String
    /// The line of the problem, from 1; 0 when unknown.
    public let line: Int
    /// The column of the problem, from 1 (counted in Unicode scalars); 0 when unknown.
    public let column: Int
    /// The dotted path of the setting concerned, such as `smtp.timeouts.connect`; empty when none.
    public let keyPath: String
    /// What is wrong and what to write instead.
    public let message: String

    /// Creates an error.
    public init(_ code: Code, file: String, line: Int = 0, column: Int = 0, keyPath: String = "", message: String) {
        self.code = code
        self.file = file
        self.line = line
        self.column = column
        self.keyPath = keyPath
        self.message = message
    }

    /// `FILE:LINE:COLUMN: KEYPATH: MESSAGE`; the position is left out when unknown, the key path when empty.
    public var description: String {
        var text = file
        if line > 0 {
            text += ":\(line):\(column)"
        }
        if !keyPath.isEmpty {
            text += ": \(keyPath)"
        }
        return text + ": " + message
    }
}
