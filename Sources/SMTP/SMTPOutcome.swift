/// What became of one message handed to the transport for one recipient.
///
/// Classified from the SMTP reply code (`CURLINFO_RESPONSE_CODE`, cross-checked with the reply
/// line) and the stage the transaction had reached — never from libcurl's `CURLcode` alone,
/// which does not tell a temporary rejection from a permanent one.
public struct SMTPOutcome: Sendable, Hashable, CustomStringConvertible {
    /// The verdict, which decides what the sender does next.
    public enum Verdict: String, Sendable, Hashable {
        /// The relay accepted the message (2xx after the end-of-data marker).
        case delivered
        /// Try again later: a 4xx reply, or a timeout or connection failure before the
        /// end-of-data marker was sent.
        case transient
        /// Do not retry: a 5xx reply, or a configuration failure such as an untrusted certificate.
        case permanent
        /// The end-of-data marker was sent but no reply came (timeout or connection loss): the
        /// relay may have accepted the message. Never retry blindly.
        case unknown
    }

    /// The verdict.
    public let verdict: Verdict
    /// The stage the transaction was at when it ended.
    public let stage: SMTPStage
    /// The server's reply at that stage, if one came (for a delivery: the reply to end of data).
    public let reply: SMTPReply?
    /// libcurl's result code for the transfer (0 on success), kept for diagnostics.
    public let curlCode: Int
    /// A one-line explanation for logs and operators, e.g. libcurl's error text when no reply came.
    public let detail: String

    public init(verdict: Verdict, stage: SMTPStage, reply: SMTPReply?, curlCode: Int, detail: String) {
        self.verdict = verdict
        self.stage = stage
        self.reply = reply
        self.curlCode = curlCode
        self.detail = detail
    }

    /// True when the failure suppresses the recipient (``PermanentFailureRule/suppressRecipient``).
    public var isRecipientFailure: Bool { permanentFailureRule == .suppressRecipient }

    /// True when the failure is about the sending setup and pauses all sending
    /// (``PermanentFailureRule/pauseSending``).
    public var isConfigurationFailure: Bool { permanentFailureRule == .pauseSending }

    /// `delivered at end_of_data: 250 2.0.0 Ok: queued as 1234`.
    public var description: String {
        "\(verdict.rawValue) at \(stage): \(reply?.line ?? detail)"
    }
}
