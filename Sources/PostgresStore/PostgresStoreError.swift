import PostgresNIO

/// A PostgreSQL store that cannot connect, or a statement it cannot run, with an explanation an
/// operator can act on, such as `cannot connect to PostgreSQL at db.example.com:5432 (database.url): …`.
public struct PostgresStoreError: Error, Sendable, CustomStringConvertible {
    /// The kind of failure, for code that reacts differently to each.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String

        private init(_ name: String) {
            self.name = name
        }

        /// The server cannot be reached, refuses the login, or its TLS certificate does not verify.
        public static let cannotConnect = Code("cannotConnect")
        /// The server refused a statement (its SQLSTATE and message are in the explanation).
        public static let statementFailed = Code("statementFailed")
        /// SQL text with a string literal, quoted identifier or comment that never closes.
        public static let unterminatedSQL = Code("unterminatedSQL")
        /// A statement given more or fewer arguments than its `?` placeholders.
        public static let argumentCount = Code("argumentCount")
        /// A column whose PostgreSQL type the store does not read (only integers, numbers, text and bytes).
        public static let unsupportedType = Code("unsupportedType")

        /// The code's name, such as `cannotConnect`.
        public var description: String { name }
    }

    /// The kind of failure.
    public let code: Code
    /// What is wrong and, where it helps, how to put it right.
    public let message: String
    /// The server's SQLSTATE for a refused statement (`23505`: a unique key taken), or nil.
    public var sqlState: String?

    /// Creates an error of the given kind with an explanation.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// The explanation, ready to show to an operator.
    public var description: String { message }
}

extension PostgresStoreError {
    /// A statement the server refused, or that never reached it: the server's SQLSTATE, message and
    /// detail when it answered (postgres-nio's own description hides them), and the statement's start.
    static func refused(_ statement: String, _ error: any Error) -> PostgresStoreError {
        let excerpt = statement.count > 200 ? statement.prefix(200) + "…" : Substring(statement)
        guard let error = error as? PSQLError else {
            return PostgresStoreError(.statementFailed, "PostgreSQL did not run \(excerpt): \(error)")
        }
        guard let server = error.serverInfo, let message = server[.message] else {
            return PostgresStoreError(.statementFailed, "PostgreSQL did not run \(excerpt): \(error.code) \(error.underlying.map { "\($0)" } ?? "")")
        }
        let detail = server[.detail].map { " (\($0))" } ?? ""
        let state = server[.sqlState] ?? "?"
        var refused = PostgresStoreError(.statementFailed, "PostgreSQL refused \(excerpt): \(message)\(detail) [SQLSTATE \(state)]")
        refused.sqlState = state
        return refused
    }
}
