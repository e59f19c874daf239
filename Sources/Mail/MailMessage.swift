import Foundation

/// One message to one recipient, ready for ``MIMEComposer``.
///
/// Text fields are taken as they come from templates and customer data; the composer makes them
/// safe for the header (see ``MIMEComposer``), so a customer's name cannot inject headers.
public struct MailMessage: Sendable {
    /// The `From:` mailbox.
    public let from: Mailbox
    /// The single recipient (`To:`).
    public let to: Mailbox
    /// Where replies go (`Reply-To:`), if not to `from`.
    public let replyTo: Mailbox?
    /// The subject line, in any language.
    public let subject: String
    /// The plain-text body, if any.
    public let textBody: String?
    /// The HTML body, if any.
    public let htmlBody: String?
    /// When the message was written (the `Date:` header).
    public let date: Date
    /// The time zone whose offset the `Date:` header shows, normally the recipient's.
    public let timeZone: TimeZone
    /// The unique identifier (`Message-ID:`), kept to match bounces and replies to this message.
    public let messageID: MessageID
    /// Unsubscribe targets (`List-Unsubscribe:`), if any.
    public let listUnsubscribe: ListUnsubscribe?
    /// Further headers, written after the standard ones in this order.
    public let extraHeaders: [MailHeader]

    /// Creates a message.
    ///
    /// - Throws: `MailError` with code `missingBody` if both bodies are nil, or `missingSubject`
    ///   if the subject is empty once line breaks and control characters are removed.
    public init(
        from: Mailbox,
        to: Mailbox,
        replyTo: Mailbox? = nil,
        subject: String,
        textBody: String?,
        htmlBody: String?,
        date: Date,
        timeZone: TimeZone,
        messageID: MessageID,
        listUnsubscribe: ListUnsubscribe? = nil,
        extraHeaders: [MailHeader] = []
    ) throws(MailError) {
        guard textBody != nil || htmlBody != nil else {
            throw .missingBody(to: to.address)
        }
        guard !MailError.isEmptySubject(subject) else {
            throw .emptySubject(to: to.address)
        }
        self.from = from
        self.to = to
        self.replyTo = replyTo
        self.subject = subject
        self.textBody = textBody
        self.htmlBody = htmlBody
        self.date = date
        self.timeZone = timeZone
        self.messageID = messageID
        self.listUnsubscribe = listUnsubscribe
        self.extraHeaders = extraHeaders
    }
}
