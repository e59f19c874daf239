/// What went wrong talking to the IMAP server, said so an operator knows what to fix.
public struct IMAPError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A stable identifier for the kind of problem.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Hashable, Sendable {
            case invalidConfiguration, curlUnusable, authenticationRefused, tlsFailed, folderMissing
            case serverGone, messageMissing, messageTooLarge, uidValidityChanged, commandRefused, shutDown
        }
        private let base: Base
        private init(_ base: Base) { self.base = base }
        public var description: String { base.rawValue }

        /// The URL, a folder name or an option is malformed.
        public static let invalidConfiguration = Code(.invalidConfiguration)
        /// libcurl could not make a handle or refused an option.
        public static let curlUnusable = Code(.curlUnusable)
        /// The server refused the user name or password.
        public static let authenticationRefused = Code(.authenticationRefused)
        /// TLS could not be set up: no STARTTLS offered, a handshake failure, an untrusted certificate.
        public static let tlsFailed = Code(.tlsFailed)
        /// The folder does not exist on the server.
        public static let folderMissing = Code(.folderMissing)
        /// The server could not be reached, closed the connection, or stopped answering.
        public static let serverGone = Code(.serverGone)
        /// No message has that UID (already moved or expunged).
        public static let messageMissing = Code(.messageMissing)
        /// The message is bigger than the configured limit; it was not read.
        public static let messageTooLarge = Code(.messageTooLarge)
        /// The folder's UIDVALIDITY changed: UIDs learned before name other messages now.
        public static let uidValidityChanged = Code(.uidValidityChanged)
        /// The server answered a command with NO or BAD.
        public static let commandRefused = Code(.commandRefused)
        /// The client was shut down before the command ran.
        public static let shutDown = Code(.shutDown)
    }

    public let code: Code
    public let message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
