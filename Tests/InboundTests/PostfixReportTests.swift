import Foundation
import IMAP
import Inbound
import KeepsakeTestSupport
import SMTP
import Testing

/// Real DSNs from a real MTA: Keepsake's SMTP transport sends to a Postfix instance on loopback
/// with a VERP envelope sender; Postfix bounces the mail to an unknown local user and delays the
/// mail to an unreachable host, and mails its DSNs to the VERP address. The recogniser must read
/// each recipient's Action, Status and Diagnostic-Code, and the token and Message-ID they carry.
@Suite("Postfix's own DSNs, read by the recogniser")
struct PostfixReportTests {
    static let bounceToken = "4217-abcdefgh23"
    static let delayToken = "4218-qrstuvwx45"

    static func message(to recipient: String, messageID: String) -> [UInt8] {
        Array("""
        From: Sahab Shop <hello@shop.example>\r
        To: \(recipient)\r
        Subject: Nowruz\r
        Date: Sat, 21 Mar 2026 09:00:00 +0330\r
        Message-ID: \(messageID)\r
        MIME-Version: 1.0\r
        Content-Type: text/plain; charset=utf-8\r
        \r
        Happy Nowruz.\r

        """.utf8)
    }

    @Test func aBounceAndADelayFromPostfixAreReadRecipientByRecipient() async throws {
        let postfix = try PostfixServer.start()
        defer { postfix.stop() }
        let transport = try SMTPTransport(configuration: try SMTPConfiguration(url: postfix.url, startTLS: .off))
        let unknown = "nobody-here@\(postfix.localDomain)", unreachable = "customer@\(postfix.unreachableDomain)"
        let sends: [(recipient: String, token: String, messageID: String)] = [
            (unknown, Self.bounceToken, "<bounce-test.1@shop.example>"),
            (unreachable, Self.delayToken, "<delay-test.2@shop.example>"),
        ]
        for send in sends {
            let envelope = try SMTPEnvelope(sender: "bounces+\(send.token)@\(postfix.returnsDomain)", recipient: send.recipient)
            let outcome = await transport.send(Self.message(to: send.recipient, messageID: send.messageID), envelope: envelope)
            #expect(outcome.verdict == .delivered, "Postfix accepts both: \(outcome.detail)")
        }
        await transport.shutdown()

        let returned = try postfix.waitForReturnedMessages(count: 2, timeout: 90)
        let recogniser = InboundRecogniser(bounceAddress: "bounces@\(postfix.returnsDomain)")
        var reports: [String: DeliveryStatusReport] = [:]
        for bytes in returned {
            guard case .deliveryStatus(let report) = recogniser.recognise(bytes) else {
                Issue.record("not read as a DSN: \(String(decoding: bytes.prefix(400), as: UTF8.self))")
                continue
            }
            #expect(report.reportingMTA?.contains("mta.keepsake.test") == true)
            for recipient in report.recipients { reports[recipient.address ?? ""] = report }
        }

        let bounce = try #require(reports[unknown])
        let failed = try #require(bounce.recipients.first)
        #expect(bounce.recipients.count == 1)
        #expect(failed.action == "failed")
        #expect(failed.status == "5.1.1")
        #expect(failed.failure == .permanent)
        #expect(failed.diagnosticCode?.contains("unknown user") == true)
        #expect(bounce.reference.verp?.deliveryID == 4217)
        #expect(bounce.reference.verp?.signature == "abcdefgh23")
        #expect(bounce.reference.originalMessageID == "<bounce-test.1@shop.example>")

        let delay = try #require(reports[unreachable])
        let delayed = try #require(delay.recipients.first)
        #expect(delayed.action == "delayed")
        #expect(delayed.status == "4.4.1")
        #expect(delayed.failure == .temporary)
        // Postfix folds this long line; unfolding (RFC 5322) keeps the folding whitespace.
        let diagnostic = delayed.diagnosticCode?.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(diagnostic == "X-Postfix; connect to 127.0.0.1[127.0.0.1]:1: Connection refused")
        #expect(delay.reference.verp?.deliveryID == 4218)
        #expect(delay.reference.originalMessageID == "<delay-test.2@shop.example>")
    }

    @Test func postfixDSNsServedByDovecotComeThroughIMAPSource() async throws {
        let postfix = try PostfixServer.start()
        defer { postfix.stop() }
        let transport = try SMTPTransport(configuration: try SMTPConfiguration(url: postfix.url, startTLS: .off))
        let recipient = "gone@\(postfix.localDomain)"
        let envelope = try SMTPEnvelope(sender: "bounces+\(Self.bounceToken)@\(postfix.returnsDomain)", recipient: recipient)
        _ = await transport.send(Self.message(to: recipient, messageID: "<via-imap.3@shop.example>"), envelope: envelope)
        await transport.shutdown()
        _ = try postfix.waitForReturnedMessages(count: 1, timeout: 60)

        let dovecot = try DovecotServer.start(.init(home: postfix.returnsHome))
        defer { dovecot.stop() }
        var configuration = try IMAPConfiguration(serverURL: dovecot.url, username: dovecot.user, password: dovecot.password)
        configuration.caFile = dovecot.tls?.certificate.path
        let source = IMAPSource(
            client: try IMAPClient(configuration: configuration), folder: try IMAPFolderName("INBOX"),
            processedFolder: try IMAPFolderName("Processed"), keptAsideFolder: try IMAPFolderName("Kept")
        )
        try await source.prepare()
        let items = try await source.waiting(limit: 10)
        #expect(items.count == 1)
        let item = try #require(items.first)
        guard case .deliveryStatus(let report) = InboundRecogniser(bounceAddress: "bounces@\(postfix.returnsDomain)").recognise(item.bytes) else {
            Issue.record("the DSN fetched over IMAP was not read as one")
            return
        }
        #expect(report.recipients.map(\.address) == [recipient])
        #expect(report.recipients.first?.status == "5.1.1")
        #expect(report.reference.verp?.deliveryID == 4217)
        #expect(report.reference.originalMessageID == "<via-imap.3@shop.example>")
        try await source.finish(item, as: .processed)
        #expect(try dovecot.messages(in: "Processed").count == 1)
        #expect(try await source.waiting(limit: 10).isEmpty)
    }
}
