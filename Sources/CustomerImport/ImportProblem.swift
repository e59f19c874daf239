/// One reason a row (or the whole file) cannot be imported, rendered for a marketer as
/// `FILE:ROW: column: message`, such as
/// `customers.csv:42: birthday: 1403-13-01 is not a date in the persian calendar: month 13 (months are 1–12)`.
public struct ImportProblem: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kind of problem, for code that reacts differently to each.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Hashable, Sendable {
            case malformedCSV
            case missingColumn
            case missingValue
            case invalidValue
            case duplicateRecord
            case storeFailure
        }

        private let base: Base

        private init(_ base: Base) {
            self.base = base
        }

        /// The file cannot be read as CSV at this row (quoting, encoding, column count); see ``ImportProblem/csvCode``.
        public static let malformedCSV = Code(.malformedCSV)
        /// The header has no column for a field Keepsake needs, such as `email`.
        public static let missingColumn = Code(.missingColumn)
        /// A required value is empty, such as an id, or a consent without its date.
        public static let missingValue = Code(.missingValue)
        /// A value that cannot be used: a bad email, an impossible date, an unknown time zone, …
        public static let invalidValue = Code(.invalidValue)
        /// A customer id or order id given on an earlier row of the same file.
        public static let duplicateRecord = Code(.duplicateRecord)
        /// The store refused a write.
        public static let storeFailure = Code(.storeFailure)

        /// The code's name, such as `invalidValue`.
        public var description: String { base.rawValue }
    }

    /// The kind of problem.
    public let code: Code
    /// For ``Code/malformedCSV``, the reader's own code (``CSVError/Code/unterminatedQuote``, …).
    public let csvCode: CSVError.Code?
    /// The file as the operator named it.
    public let file: String
    /// The physical line the row starts on (the header is line 1); 0 for the whole file.
    public let line: Int
    /// The column as written in the file's header (or the Keepsake field when it has no column).
    public let column: String
    /// What is wrong and how to put it right.
    public let message: String

    /// Creates a problem.
    public init(_ code: Code, file: String, line: Int, column: String, _ message: String, csvCode: CSVError.Code? = nil) {
        self.code = code
        self.csvCode = csvCode
        self.file = file
        self.line = line
        self.column = column
        self.message = message
    }

    /// A problem reading the CSV structure, at the reader's line and column.
    public init(_ error: CSVError, file: String) {
        self.init(.malformedCSV, file: file, line: error.line, column: error.column, error.message, csvCode: error.code)
    }

    /// `FILE:ROW: column: message`.
    public var description: String { "\(file):\(line): \(column): \(message)" }
}

/// A problem with one value of a row, before the file and line are attached.
struct FieldProblem: Error {
    var code: ImportProblem.Code
    var message: String

    init(_ message: String, code: ImportProblem.Code = .invalidValue) {
        self.code = code
        self.message = message
    }
}
