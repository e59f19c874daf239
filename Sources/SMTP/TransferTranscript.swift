/// Follows one transfer's SMTP dialogue as libcurl reports it, to know the stage it reached and
/// the reply the server gave at that stage.
///
/// Fed from libcurl's debug callback (commands out, reply lines in) and from the body reader
/// (which marks the moment the whole body, and so the end-of-data marker, was handed over).
struct TransferTranscript {
    /// The stage of the last command sent.
    private(set) var stage: SMTPStage = .connect
    /// The final reply line received since the last command was sent, if any.
    private(set) var replyAtStage: SMTPReply?
    /// Whether QUIT was sent; replies after it say nothing about the delivery.
    private var quitting = false
    /// A partial reply line carried over between callbacks.
    private var pendingInput = ""

    /// Records a command line libcurl sent.
    mutating func commandSent(_ text: String) {
        let verb = text.prefix { $0 != " " && !$0.isNewline }.uppercased()
        let next: SMTPStage?
        switch verb {
        case "EHLO", "HELO": next = .hello
        case "STARTTLS": next = .tls
        case "AUTH": next = .authentication
        case "MAIL": next = .mailFrom
        case "RCPT": next = .recipient
        case "DATA": next = .data
        case "QUIT":
            quitting = true
            next = nil
        default:
            // A SASL continuation line stays in the authentication stage; anything else changes nothing.
            next = stage == .authentication ? .authentication : nil
        }
        guard let next, !quitting else { return }
        stage = next
        replyAtStage = nil
    }

    /// Records reply text libcurl received; keeps the final line of each reply.
    mutating func replyReceived(_ text: String) {
        guard !quitting else { return }
        pendingInput += text
        while let lineEnd = pendingInput.firstIndex(where: \.isNewline) {
            let line = String(pendingInput[..<lineEnd])
            pendingInput = String(pendingInput[pendingInput.index(after: lineEnd)...])
            if SMTPReply.isFinalLine(line), let reply = SMTPReply(line: line) {
                replyAtStage = reply
            }
        }
    }

    /// Records that the body reader delivered its last byte: libcurl sends the end-of-data
    /// marker next, and from here on a lost reply means the relay may have the message.
    mutating func bodyFinished() {
        guard stage != .endOfData else { return }
        stage = .endOfData
        replyAtStage = nil
    }

    /// Marks that the TLS handshake failed (it has no command of its own on `smtps://`).
    mutating func tlsFailed() {
        if stage == .connect || stage == .tls { stage = .tls }
    }
}
