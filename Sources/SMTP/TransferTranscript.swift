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
    private var pendingInput: [UInt8] = []

    /// Records a command line libcurl sent.
    mutating func commandSent(_ text: String) {
        var text = text
        text.withUTF8 { commandSent(UnsafeRawBufferPointer($0)) }
    }

    /// Records a command line libcurl sent, as the bytes its debug callback hands over: only the
    /// verb is read, so no text is made of them.
    mutating func commandSent(_ bytes: UnsafeRawBufferPointer) {
        let next: SMTPStage?
        switch Self.verb(bytes) {
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
        var text = text
        text.withUTF8 { replyReceived(UnsafeRawBufferPointer($0)) }
    }

    /// Records reply bytes libcurl received; keeps the final line of each reply. Lines end at LF
    /// (a CR before it is dropped); a line's text is made only when it ends a reply.
    mutating func replyReceived(_ bytes: UnsafeRawBufferPointer) {
        guard !quitting else { return }
        var lineStart = bytes.startIndex
        for index in bytes.indices where bytes[index] == Self.lineFeed {
            let line = UnsafeRawBufferPointer(rebasing: bytes[lineStart..<index])
            lineStart = index + 1
            if pendingInput.isEmpty {
                lineEnded(line)
            } else {
                let joined = pendingInput + line
                pendingInput = []
                joined.withUnsafeBytes { lineEnded($0) }
            }
        }
        pendingInput.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[lineStart...]))
    }

    private mutating func lineEnded(_ line: UnsafeRawBufferPointer) {
        var line = line
        if line.last == Self.carriageReturn { line = UnsafeRawBufferPointer(rebasing: line.dropLast()) }
        guard SMTPReply.isFinalLine(line), let reply = SMTPReply(line: String(decoding: line, as: UTF8.self)) else { return }
        replyAtStage = reply
    }

    /// The command's first word in upper case (`mail` → `MAIL`), at most 8 letters.
    private static func verb(_ bytes: UnsafeRawBufferPointer) -> String {
        let word = bytes.prefix { $0 != UInt8(ascii: " ") && $0 != carriageReturn && $0 != lineFeed }.prefix(8)
        return String(decoding: word.map { (UInt8(ascii: "a")...UInt8(ascii: "z")).contains($0) ? $0 - 32 : $0 }, as: UTF8.self)
    }

    private static let lineFeed = UInt8(ascii: "\n")
    private static let carriageReturn = UInt8(ascii: "\r")

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
