/// A store that cannot be opened, read or written as asked, with an explanation an operator can
/// act on, such as `cannot open the customer store at /var/lib/keepsake/keepsake.sqlite: …`.
public struct StoreError: Error, Sendable, CustomStringConvertible {
    /// The kind of failure, for code that reacts differently to each.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Hashable, Sendable {
            case cannotOpen
            case missingStore
            case corruptData
            case unknownCustomer
            case invalidArgument
        }

        private let base: Base

        private init(_ base: Base) {
            self.base = base
        }

        /// The store file or its directory cannot be created, opened or migrated.
        public static let cannotOpen = Code(.cannotOpen)
        /// No store file at the path, opened by a command that only reads.
        public static let missingStore = Code(.missingStore)
        /// A stored value cannot be read back (the file was edited by hand or by a newer Keepsake).
        public static let corruptData = Code(.corruptData)
        /// No customer has the id or email address asked for.
        public static let unknownCustomer = Code(.unknownCustomer)
        /// A value handed to the store that it cannot keep, such as an empty consent source.
        public static let invalidArgument = Code(.invalidArgument)

        /// The code's name, such as `cannotOpen`.
        public var description: String { base.rawValue }
    }

    /// The kind of failure.
    public let code: Code
    /// What is wrong and, where it helps, how to put it right.
    public let message: String

    /// Creates an error of the given kind with an explanation.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// The explanation, ready to show to an operator.
    public var description: String { message }
}

extension StoreError {
    /// A `corruptData` error naming the table, row and column whose stored value cannot be read.
    static func corrupt(table: String, row: String, column: String, value: String?, expected: String) -> StoreError {
        StoreError(
            .corruptData,
            "the customer store holds \(value.map { "\"\($0)\"" } ?? "nothing") in \(table).\(column) for \(row), "
                + "which is not \(expected); restore the store from a backup or re-import the customer")
    }
}
