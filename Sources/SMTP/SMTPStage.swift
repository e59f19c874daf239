/// Where in an SMTP transaction something happened.
///
/// The stage decides, with the enhanced status, what an outcome means (``PermanentFailureRule``):
/// a 5xx at ``recipient`` may be about the recipient (a hard bounce), while any 5xx before it —
/// at ``authentication`` or ``mailFrom`` — is about the sender's setup and never suppresses anybody.
public enum SMTPStage: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// Opening the TCP connection and reading the server's greeting.
    case connect
    /// The TLS handshake, implicit (`smtps://`) or after STARTTLS.
    case tls
    /// EHLO / HELO.
    case hello
    /// AUTH and its challenge-response exchange.
    case authentication
    /// MAIL FROM (the envelope sender).
    case mailFrom = "mail_from"
    /// RCPT TO (the one recipient of the transfer).
    case recipient
    /// The DATA command and the upload of the message body.
    case data
    /// The end-of-data marker has been handed to the connection; the relay's verdict is pending.
    case endOfData = "end_of_data"

    public var description: String { rawValue }
}
