/// A message that cannot be built or sent as given, with an explanation a marketer can act on,
/// such as `invalid email address "bob@@x": more than one "@"`.
public struct MailError: Error, Sendable, CustomStringConvertible {
    /// The kind of mistake, for code that reacts differently to each.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Hashable, Sendable {
            case invalidAddress
            case invalidMailbox
            case invalidMessageID
            case invalidUnsubscribe
            case invalidHeader
            case missingBody
            case missingSubject
            case invalidDKIMKey
            case invalidDKIMIdentity
            case invalidDKIMRecord
            case unsignableMessage
        }

        private let base: Base

        private init(_ base: Base) {
            self.base = base
        }

        /// An email address that is not a plain ASCII `local@domain.example`.
        public static let invalidAddress = Code(.invalidAddress)
        /// A mailbox such as `Sahab Shop <hello@shop.example>` that cannot be read.
        public static let invalidMailbox = Code(.invalidMailbox)
        /// A stored Message-ID that is not of the form `<left@right>`.
        public static let invalidMessageID = Code(.invalidMessageID)
        /// An unsubscribe link that is not https, or an unsubscribe setting with nothing in it.
        public static let invalidUnsubscribe = Code(.invalidUnsubscribe)
        /// An extra header whose name is not allowed or is written by the composer itself.
        public static let invalidHeader = Code(.invalidHeader)
        /// A message with neither a plain-text nor an HTML body.
        public static let missingBody = Code(.missingBody)
        /// A message whose subject is empty once control characters are removed.
        public static let missingSubject = Code(.missingSubject)
        /// A DKIM private key that cannot be used: not PEM, not RSA or Ed25519, encrypted, or too short.
        public static let invalidDKIMKey = Code(.invalidDKIMKey)
        /// A DKIM signing domain or selector that is not a DNS name.
        public static let invalidDKIMIdentity = Code(.invalidDKIMIdentity)
        /// A published DKIM DNS record that cannot be read.
        public static let invalidDKIMRecord = Code(.invalidDKIMRecord)
        /// Bytes that are not a message DKIM can sign (no header, no empty line before the body).
        public static let unsignableMessage = Code(.unsignableMessage)

        /// The code's name, such as `invalidAddress`.
        public var description: String { base.rawValue }
    }

    /// The kind of mistake.
    public let code: Code
    /// What is wrong and, where it helps, how to put it right.
    public let message: String

    /// Creates an error of the given kind with an explanation.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// The explanation, ready to show to an operator or a marketer.
    public var description: String { message }
}

extension MailError {
    /// An `invalidAddress` error naming the address and what is wrong with it.
    static func invalidAddress(_ address: String, _ problem: String) -> MailError {
        MailError(.invalidAddress, "invalid email address \(quotedForMessage(address)): \(problem)")
    }

    /// A `missingBody` error for a message to the given address.
    static func missingBody(to address: EmailAddress) -> MailError {
        MailError(.missingBody, "the message to \(address) has no body; give a plain-text body, an HTML body, or both")
    }

    /// A `missingSubject` error for a message to the given address (a subject empty once made
    /// safe for a header); `keepsake preview`'s listing raises it as composing would.
    public static func emptySubject(to address: EmailAddress) -> MailError {
        MailError(.missingSubject, "the message to \(address) has an empty subject; write one")
    }

    /// Whether `subject` is empty once made safe for a header (what ``MailMessage`` refuses).
    public static func isEmptySubject(_ subject: String) -> Bool {
        HeaderText.sanitized(subject).isEmpty
    }

    /// The text in double quotes, with line breaks and other control characters shown as escapes
    /// (`\r`, `\n`, `\0`, `\u{1B}`) so an error message never spans lines or hides what was typed.
    static func quotedForMessage(_ text: String) -> String {
        var shown = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\r": shown += "\\r"
            case "\n": shown += "\\n"
            case "\t": shown += "\\t"
            case "\0": shown += "\\0"
            case "\"": shown += "\\\""
            case "\\": shown += "\\\\"
            default:
                if scalar.properties.generalCategory == .control {
                    shown += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
                } else {
                    shown.unicodeScalars.append(scalar)
                }
            }
        }
        return shown + "\""
    }
}
