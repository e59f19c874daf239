import ArgumentParser
import Configuration
import Foundation
import Logging
import Mail
import SMTP

/// `keepsake send-test`: one message through the real transport, to check the relay settings.
struct SendTest: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "send-test",
        abstract: "Send one test message through the configured SMTP relay and print its reply.",
        discussion: """
            Use it after installing or changing the relay settings. Without --text and --html it \
            sends a short Persian + English sample, so you can also check right-to-left rendering \
            in a real inbox.

            It prints the relay's reply, e.g. "250 2.0.0 Ok: queued as 4XyZ", and exits with:
              0   delivered (the relay accepted the message)
              1   refused for good (5xx, or a TLS or AUTH problem to fix)
              3   unknown: sent, but no verdict came back; it may have arrived
              75  temporary failure (4xx, timeout, relay unreachable)
              78  the configuration is wrong (the message says where)

            Examples:
              keepsake send-test --to you@example.com
              keepsake send-test --to you@example.com --subject "Hello" \\
                  --text body.txt --html body.html
              KEEPSAKE_SMTP_URL=smtp://127.0.0.1:2525 \\
                  keepsake send-test --to demo@keepsake.test
            """
    )

    @OptionGroup var configurationOptions: ConfigurationOptions

    @Option(help: ArgumentHelp("Where to send the test message.", valueName: "address"))
    var to: String

    @Option(help: ArgumentHelp("The subject line (default: a Persian + English sample subject).", valueName: "text"))
    var subject: String?

    @Option(help: ArgumentHelp("A UTF-8 file with the plain-text body.", valueName: "file"))
    var text: String?

    @Option(help: ArgumentHelp("A UTF-8 file with the HTML body.", valueName: "file"))
    var html: String?

    @Option(help: ArgumentHelp(
        "Send this campaign's message for --customer (rendered exactly as that customer would get it).",
        valueName: "id"))
    var campaign: String?

    @Option(help: ArgumentHelp("The customer (id or email) whose message --campaign renders.", valueName: "id"))
    var customer: String?

    @OptionGroup var files: CampaignFilesOptions

    @Option(help: ArgumentHelp("The SQLite database the customer is read from (with --campaign).", valueName: "file"))
    var database: String?

    @Option(help: ArgumentHelp(
        "Date the message (and, with --campaign, render it) as of this instant instead of the clock (ISO 8601 with offset).",
        valueName: "instant"))
    var now: String?

    /// --now, else the clock.
    func instant() throws -> Date {
        try now.map(parsedNow) ?? Date()
    }

    @Option(name: .customLong("save-eml"), help: ArgumentHelp("Also write the exact bytes sent to this file.", valueName: "file"))
    var saveEML: String?

    func validate() throws {
        if let now { _ = try parsedNow(now) }
        if (campaign == nil) != (customer == nil) {
            throw ValidationError("--campaign and --customer go together: the campaign's message as that customer would get it")
        }
        if campaign != nil && (subject != nil || text != nil || html != nil) {
            throw ValidationError("--campaign renders the subject and bodies from the templates; drop --subject, --text and --html")
        }
        do {
            _ = try EmailAddress(to)
        } catch {
            throw ValidationError("--to: \(error)")
        }
    }

    func run() async throws {
        let settings = try configurationOptions.load(.sending)
        let logger = Logger(label: "keepsake.send-test")
        let composed = try campaign.map { try campaignMessage($0, settings: settings) }
        let message = try composed?.message ?? buildMessage(settings)
        // A campaign's message comes composed and signed by the daemon's composer; the sample is composed here.
        let bytes = try composed?.bytes ?? encoded(message, settings: settings)
        if let saveEML { try Data(bytes).write(to: URL(fileURLWithPath: saveEML)) }

        let envelope = try SMTPEnvelope(sender: settings.sender.envelopeFrom.description, recipient: message.to.address.description)
        let transport: SMTPTransport
        do {
            transport = try SMTPTransport(configuration: settings.smtp, connections: 1, logger: logger)
        } catch {
            printError("keepsake: \(error)")
            throw KeepsakeExitCode.configurationError
        }
        let outcome = await transport.send(bytes, envelope: envelope)
        await transport.shutdown()
        logger.info("send-test finished", metadata: [
            "outcome": "\(outcome.verdict.rawValue)", "stage": "\(outcome.stage)",
            "message_id": "\(message.messageID)", "reply": "\(outcome.reply?.line ?? outcome.detail)",
        ])
        try report(outcome, messageID: message.messageID, relay: settings.smtp)
    }

    /// The sample message as MIME, DKIM-signed when `dkim.*` is set.
    private func encoded(_ message: MailMessage, settings: KeepsakeConfiguration) throws -> [UInt8] {
        do {
            let unsigned = try MIMEComposer().compose(message)
            return try settings.dkim.map { try $0.signer.sign(unsigned) } ?? unsigned
        } catch {
            printError("keepsake: \(error)")
            throw KeepsakeExitCode.configurationError
        }
    }

    private func buildMessage(_ settings: KeepsakeConfiguration) throws -> MailMessage {
        let sample = SampleMessage.persianAndEnglish
        let textBody = try text.map(Self.readUTF8) ?? (html == nil ? sample.text : nil)
        let htmlBody = try html.map(Self.readUTF8) ?? (text == nil ? sample.html : nil)
        do {
            return try MailMessage(
                from: settings.sender.from,
                to: Mailbox(displayName: nil, address: EmailAddress(to)),
                replyTo: settings.sender.replyTo,
                subject: subject ?? sample.subject,
                textBody: textBody,
                htmlBody: htmlBody,
                date: try instant(),
                timeZone: .current,
                messageID: .generate(domain: settings.sender.messageIDDomain),
                listUnsubscribe: settings.unsubscribe.listUnsubscribe
            )
        } catch {
            printError("keepsake: \(error)")
            throw KeepsakeExitCode.configurationError
        }
    }

    private func report(_ outcome: SMTPOutcome, messageID: MessageID, relay: SMTPConfiguration) throws {
        let reply = outcome.reply?.line ?? outcome.detail
        switch outcome.verdict {
        case .delivered:
            print(reply)
            print("delivered to \(to) via \(relay.host):\(relay.port), Message-ID \(messageID)")
        case .permanent:
            printError("refused at \(outcome.stage): \(reply)")
            throw KeepsakeExitCode.permanentFailure
        case .transient:
            printError("temporary failure at \(outcome.stage): \(reply)")
            throw KeepsakeExitCode.transientFailure
        case .unknown:
            printError("unknown outcome after end of data: \(reply) (the relay may have accepted it; check before resending)")
            throw KeepsakeExitCode.unknownOutcome
        }
    }

    private static func readUTF8(_ path: String) throws -> String {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ValidationError("cannot read \(path)")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ValidationError("\(path) is not UTF-8 text")
        }
        return text
    }
}
