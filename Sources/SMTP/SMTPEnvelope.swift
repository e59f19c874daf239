/// The SMTP envelope of one transfer: who the relay should bounce to, and the one recipient.
///
/// One recipient per transfer, so that every recipient gets a verdict of its own.
public struct SMTPEnvelope: Sendable, Hashable {
    /// The envelope sender (MAIL FROM, later the Return-Path), e.g. `bounces@shop.example`.
    public let sender: String
    /// The recipient (RCPT TO).
    public let recipient: String

    /// - Throws: ``SMTPConfigurationError/Code/invalidEnvelope`` when an address is empty or holds
    ///   characters that would end or split the SMTP command (CR, LF, NUL, space, `<`, `>`).
    public init(sender: String, recipient: String) throws(SMTPConfigurationError) {
        for (role, address) in [("sender", sender), ("recipient", recipient)] {
            let forbidden = address.unicodeScalars.first { $0.value < 0x21 || $0 == "<" || $0 == ">" || $0.value == 0x7F }
            if address.isEmpty || forbidden != nil || !address.contains("@") {
                throw SMTPConfigurationError(.invalidEnvelope, "envelope \(role) \"\(address.debugDescription.dropFirst().dropLast())\" is not a plain address like name@domain")
            }
        }
        self.sender = sender
        self.recipient = recipient
    }
}
