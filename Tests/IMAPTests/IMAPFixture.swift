import Foundation
import IMAP
import KeepsakeTestSupport

/// A client for a test's Dovecot, trusting its self-signed certificate.
enum IMAPFixture {
    static func configuration(_ server: DovecotServer, url: String? = nil, password: String? = nil, startTLS: IMAPConfiguration.StartTLS = .required) throws -> IMAPConfiguration {
        var configuration = try IMAPConfiguration(serverURL: url ?? server.url, username: server.user, password: password ?? server.password)
        configuration.caFile = server.tls?.certificate.path
        configuration.startTLS = startTLS
        configuration.connectTimeout = .seconds(10)
        configuration.commandTimeout = .seconds(60)
        return configuration
    }

    static func client(_ server: DovecotServer, url: String? = nil, password: String? = nil, startTLS: IMAPConfiguration.StartTLS = .required) throws -> IMAPClient {
        try IMAPClient(configuration: configuration(server, url: url, password: password, startTLS: startTLS))
    }

    /// The UID holding `message`: Dovecot numbers new mail in its directory scan order, not in
    /// the order the test delivered it.
    static func uid(of message: [UInt8], among uids: [UInt32], client: IMAPClient, uidValidity: UInt32) async throws -> UInt32 {
        for uid in uids where try await client.fetch(uid, in: inbox, uidValidity: uidValidity) == message { return uid }
        throw IMAPError(.messageMissing, "the test's message is not in INBOX")
    }

    static let inbox = try! IMAPFolderName("INBOX")
    static let processed = try! IMAPFolderName("Processed")
    static let keptAside = try! IMAPFolderName("Kept aside")

    /// A small RFC 5322 message with CRLF line ends.
    static func message(_ subject: String, body: String = "Hello.") -> [UInt8] {
        Array("From: Mailer <mailer@returns.test>\r\nTo: bounces@shop.test\r\nSubject: \(subject)\r\nMessage-ID: <\(UUID().uuidString)@returns.test>\r\n\r\n\(body)\r\n".utf8)
    }
}
