/// An additional header for a message, such as `X-Campaign: birthday-2026` or `Feedback-ID: …`.
///
/// The value is treated like a subject: line breaks, tabs and control characters in it are turned
/// into spaces or dropped when the message is composed, so it can never start a header line of its
/// own, and non-ASCII text is RFC 2047-encoded.
public struct MailHeader: Sendable, Hashable {
    /// The header name, such as `X-Campaign`.
    public let name: String
    /// The header value as given; the composer sanitizes and encodes it.
    public let value: String

    /// The longest name accepted, leaving room on the first line for an encoded-word.
    static let maximumNameLength = 50

    /// Headers the composer writes itself (or must never write), which an extra header may not replace.
    static let reservedNames: Set<String> = [
        "date", "message-id", "mime-version", "from", "sender", "to", "cc", "bcc", "reply-to", "subject",
        "list-unsubscribe", "list-unsubscribe-post", "return-path", "received",
    ]

    /// Creates a header.
    ///
    /// - Throws: `MailError` with code `invalidHeader` if the name is empty, longer than 50
    ///   characters, contains anything but printable ASCII other than `:` (RFC 5322 `ftext`), or is
    ///   one the composer writes itself (Date, From, To, Subject, Content-Type, …).
    public init(name: String, value: String) throws(MailError) {
        let shown = MailError.quotedForMessage(name)
        guard !name.isEmpty, name.utf8.count <= Self.maximumNameLength else {
            throw MailError(.invalidHeader, "invalid header name \(shown): it must have 1 to \(Self.maximumNameLength) characters")
        }
        guard name.utf8.allSatisfy({ $0 >= 33 && $0 <= 126 && $0 != UInt8(ascii: ":") }) else {
            throw MailError(.invalidHeader, "invalid header name \(shown): only printable ASCII without spaces or \":\" is allowed")
        }
        let lowercased = name.lowercased()
        guard !Self.reservedNames.contains(lowercased), !lowercased.hasPrefix("content-") else {
            throw MailError(.invalidHeader, "header \(shown) is written by Keepsake itself and cannot be set as an extra header")
        }
        self.name = name
        self.value = value
    }
}
