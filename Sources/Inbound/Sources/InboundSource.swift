/// One place returned mail is read from: an IMAP mailbox, a Maildir folder, or the spool that
/// `keepsake inbound` writes for an MTA's pipe transport. Every source feeds the same processing
/// path; a source only finds messages and, once their effects are committed, puts them away.
///
/// The order of work is always: ``waiting(limit:)`` → recognise, tie and act, committed in the
/// store → ``finish(_:as:)``. A process killed between the commit and `finish` sees the message
/// again at its next start; the store knows it by its digest and changes nothing the second time.
public protocol InboundSource: Sendable {
    /// How logs and `keepsake status` name the source: `imap imaps://mail.example.com/INBOX`,
    /// `maildir /var/mail/bounces`, `spool /var/spool/keepsake/inbound`.
    var description: String { get }

    /// Up to `limit` messages waiting in the source, oldest first.
    func waiting(limit: Int) async throws -> [InboundItem]

    /// Puts a message away once its effects are committed: moved (or flagged) as processed, or
    /// kept aside as unrecognised or unreadable. Never called before the commit.
    func finish(_ item: InboundItem, as disposition: InboundDisposition) async throws
}

/// One message as a source holds it.
public struct InboundItem: Sendable, Hashable {
    /// What names the message within its source, stable across restarts: an IMAP `UIDVALIDITY/UID`,
    /// a Maildir or spool file name.
    public var key: String
    /// The message as received (RFC 5322 bytes, CRLF or LF line ends).
    public var bytes: [UInt8]

    public init(key: String, bytes: [UInt8]) {
        self.key = key
        self.bytes = bytes
    }
}

/// Where a message goes once its effects are committed.
public enum InboundDisposition: String, Sendable, Hashable {
    /// Recognised and acted on (or recognised as needing nothing, such as an auto-reply).
    case processed
    /// Unrecognised or unreadable: kept for a person to look at, counted and listed.
    case keptAside = "kept_aside"
}
