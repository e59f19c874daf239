/// A CSV file that cannot be read as a table, positioned at the record (by the physical line it
/// starts on; the header is line 1) and the column to fix, such as
/// `7: Email: the quote opened on line 7 is never closed`.
public struct CSVError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kind of mistake, for code that reacts differently to each.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Hashable, Sendable {
            case unreadableFile
            case emptyFile
            case unterminatedQuote
            case strayQuote
            case textAfterQuote
            case strayCarriageReturn
            case invalidUTF8
            case wrongColumnCount
            case emptyHeaderName
            case duplicateHeaderName
        }

        private let base: Base

        private init(_ base: Base) {
            self.base = base
        }

        /// The file cannot be opened or read.
        public static let unreadableFile = Code(.unreadableFile)
        /// The file has no header line.
        public static let emptyFile = Code(.emptyFile)
        /// A quoted field whose closing quote never comes.
        public static let unterminatedQuote = Code(.unterminatedQuote)
        /// A `"` inside a field that does not start with one, such as `5" screen`.
        public static let strayQuote = Code(.strayQuote)
        /// Text between a closing quote and the next comma, such as `"a"b`.
        public static let textAfterQuote = Code(.textAfterQuote)
        /// A carriage return that is not followed by a line feed, outside quotes.
        public static let strayCarriageReturn = Code(.strayCarriageReturn)
        /// Bytes that are not UTF-8, usually a file saved in a legacy encoding.
        public static let invalidUTF8 = Code(.invalidUTF8)
        /// A record with more or fewer fields than the header.
        public static let wrongColumnCount = Code(.wrongColumnCount)
        /// A header column without a name.
        public static let emptyHeaderName = Code(.emptyHeaderName)
        /// Two header columns with the same name.
        public static let duplicateHeaderName = Code(.duplicateHeaderName)

        /// The code's name, such as `unterminatedQuote`.
        public var description: String { base.rawValue }
    }

    /// The kind of mistake.
    public let code: Code
    /// The physical line the record starts on (the header is line 1); 0 for the whole file.
    public let line: Int
    /// The column concerned, by its header name (or `column 7` when it has none).
    public let column: String
    /// What is wrong and how to put it right.
    public let message: String

    /// Creates an error of the given kind, at a record and column.
    public init(_ code: Code, line: Int, column: String, _ message: String) {
        self.code = code
        self.line = line
        self.column = column
        self.message = message
    }

    /// `LINE: COLUMN: MESSAGE`, ready to be prefixed with the file name.
    public var description: String { "\(line): \(column): \(message)" }
}
