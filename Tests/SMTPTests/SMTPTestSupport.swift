import Foundation
import KeepsakeTestSupport
import Mail
import SMTP

/// Builders shared by the SMTP integration tests: relay settings for a capture server, and
/// real composed messages (the transport never sees anything the composer would not produce).
enum SMTPTestSupport {
    static let sender = "bounces@shop.example"

    static func configuration(
        for server: CaptureServer,
        startTLS: SMTPConfiguration.StartTLSPolicy = .off,
        credentials: SMTPConfiguration.Credentials? = nil,
        mechanism: SMTPConfiguration.AuthenticationMechanism? = nil,
        caFile: String? = nil,
        verifyCertificates: Bool = true,
        replyTimeout: Duration = .seconds(10),
        totalTimeout: Duration = .seconds(30)
    ) throws -> SMTPConfiguration {
        try SMTPConfiguration(
            url: server.url,
            startTLS: startTLS,
            heloName: "keepsake.test",
            credentials: credentials,
            authenticationMechanism: mechanism,
            verifyCertificates: verifyCertificates,
            caFile: caFile,
            connectTimeout: .seconds(5),
            replyTimeout: replyTimeout,
            totalTimeout: totalTimeout
        )
    }

    static func message(
        to recipient: String,
        displayName: String? = "Sara Karimi",
        subject: String = "Happy birthday, Sara! تولدت مبارک 🎉",
        text: String = "Hello Sara,\nسلام سارا، تولدت مبارک!\n",
        html: String = "<p dir=\"rtl\" lang=\"fa\">سلام سارا، تولدت مبارک!</p>\n"
    ) throws -> [UInt8] {
        let message = try MailMessage(
            from: Mailbox(displayName: "Sahab Shop", address: EmailAddress("hello@shop.example")),
            to: Mailbox(displayName: displayName, address: EmailAddress(recipient)),
            replyTo: Mailbox(displayName: nil, address: EmailAddress("care@shop.example")),
            subject: subject,
            textBody: text,
            htmlBody: html,
            date: Date(timeIntervalSince1970: 1_795_400_000),
            timeZone: TimeZone(identifier: "Asia/Tehran")!,
            messageID: .generate(domain: "shop.example"),
            listUnsubscribe: ListUnsubscribe(
                mailto: EmailAddress("unsubscribe@shop.example"),
                https: URL(string: "https://shop.example/u/token123")
            )
        )
        return try MIMEComposer().compose(message)
    }

    /// What the independent parser must find in `message(to:)` with its default arguments.
    static let defaultMessageExpectation = MessageChecker.Expectation(
        subject: "Happy birthday, Sara! تولدت مبارک 🎉",
        fromName: "Sahab Shop", toName: "Sara Karimi",
        text: "Hello Sara,\nسلام سارا، تولدت مبارک!\n",
        html: "<p dir=\"rtl\" lang=\"fa\">سلام سارا، تولدت مبارک!</p>\n"
    )

    static func envelope(_ recipient: String) throws -> SMTPEnvelope {
        try SMTPEnvelope(sender: sender, recipient: recipient)
    }

    /// Sends one message over a fresh single-connection transport and shuts it down.
    static func sendOne(to recipient: String, configuration: SMTPConfiguration, body: [UInt8]? = nil) async throws -> SMTPOutcome {
        let transport = try SMTPTransport(configuration: configuration, connections: 1)
        let outcome = await transport.send(try body ?? message(to: recipient), envelope: try envelope(recipient))
        await transport.shutdown()
        return outcome
    }
}
