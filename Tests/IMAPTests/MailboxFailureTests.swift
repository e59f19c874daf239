import Foundation
import IMAP
import KeepsakeTestSupport
import Testing

/// Each way an IMAP conversation fails gets its own error, naming what to fix; nothing is moved.
@Suite("IMAP failures through Dovecot")
struct MailboxFailureTests {
    @Test func aServerWithoutSTARTTLSIsRefusedByDefault() async throws {
        let server = try DovecotServer.start(.init(startTLS: false))
        defer { server.stop() }
        try server.deliver(IMAPFixture.message("secret"))
        let client = try IMAPFixture.client(server)
        let error = await #expect(throws: IMAPError.self) { try await client.waiting(in: IMAPFixture.inbox, limit: 10) }
        #expect(error?.code == .tlsFailed)
        #expect(error?.message.contains("does not offer STARTTLS") == true)
        // Plain text only when explicitly allowed.
        let plain = try IMAPFixture.client(server, startTLS: .off)
        #expect(try await plain.waiting(in: IMAPFixture.inbox, limit: 10).uids.count == 1)
        await client.shutdown()
        await plain.shutdown()
    }

    @Test func anUntrustedCertificateIsATLSError() async throws {
        let server = try DovecotServer.start()
        defer { server.stop() }
        for url in [server.url, try #require(server.implicitTLSURL)] {
            var configuration = try IMAPFixture.configuration(server, url: url)
            configuration.caFile = nil // the system's CAs do not know the test's self-signed certificate
            let client = try IMAPClient(configuration: configuration)
            let error = await #expect(throws: IMAPError.self) { try await client.waiting(in: IMAPFixture.inbox, limit: 10) }
            #expect(error?.code == .tlsFailed)
            #expect(error?.message.contains("check the certificate and the CA file") == true)
            await client.shutdown()
        }
    }

    @Test func aWrongPasswordIsAnAuthenticationError() async throws {
        let server = try DovecotServer.start()
        defer { server.stop() }
        let client = try IMAPFixture.client(server, password: "not-the-password")
        let error = await #expect(throws: IMAPError.self) { try await client.waiting(in: IMAPFixture.inbox, limit: 10) }
        #expect(error?.code == .authenticationRefused)
        #expect(error?.message.contains("user \(server.user)") == true)
        await client.shutdown()
    }

    @Test func aMissingFolderIsNamed() async throws {
        let server = try DovecotServer.start()
        defer { server.stop() }
        try server.deliver(IMAPFixture.message("bounce"))
        let client = try IMAPFixture.client(server)
        let missing = try IMAPFixture.client(server)
        let listing = await #expect(throws: IMAPError.self) { try await missing.waiting(in: try IMAPFolderName("Bounces"), limit: 10) }
        #expect(listing?.code == .folderMissing)
        #expect(listing?.message.contains("\"Bounces\"") == true)
        let (uidValidity, uids) = try await client.waiting(in: IMAPFixture.inbox, limit: 10)
        let moving = await #expect(throws: IMAPError.self) {
            try await client.move(uids[0], in: IMAPFixture.inbox, uidValidity: uidValidity, to: IMAPFixture.processed)
        }
        #expect(moving?.code == .folderMissing)
        #expect(moving?.message.contains("\"Processed\"") == true)
        #expect(try server.messages(in: "INBOX").count == 1)
        await client.shutdown()
        await missing.shutdown()
    }

    @Test func aFiftyMegabyteMessageIsRefusedByItsSize() async throws {
        let server = try DovecotServer.start()
        defer { server.stop() }
        let line = String(repeating: "x", count: 998) + "\r\n"
        var huge = IMAPFixture.message("huge", body: "")
        huge += Array(String(repeating: line, count: 50 * 1024 * 1024 / line.utf8.count).utf8)
        try server.deliver(huge)
        let client = try IMAPFixture.client(server)
        let (uidValidity, uids) = try await client.waiting(in: IMAPFixture.inbox, limit: 10)
        let size = try await client.size(of: uids[0], in: IMAPFixture.inbox, uidValidity: uidValidity)
        #expect(size == huge.count)
        let error = await #expect(throws: IMAPError.self) { try await client.fetch(uids[0], in: IMAPFixture.inbox, uidValidity: uidValidity) }
        #expect(error?.code == .messageTooLarge)
        #expect(error?.message.contains("is \(huge.count) bytes, over the \(25 * 1024 * 1024)-byte limit") == true)
        await client.shutdown()
    }

    @Test func aServerDyingMidFetchIsServerGoneAndLosesNothing() async throws {
        let server = try DovecotServer.start(.init(startTLS: false))
        defer { server.stop() }
        let message = IMAPFixture.message("long", body: String(repeating: "A line of a long bounce.\r\n", count: 4000))
        try server.deliver(message)
        let proxy = try CuttingProxy.start(upstreamPort: Int(server.url.split(separator: ":").last!)!, keep: 300)
        defer { proxy.stop() }
        let client = try IMAPFixture.client(server, url: "imap://127.0.0.1:\(proxy.port)", startTLS: .off)
        let (uidValidity, uids) = try await client.waiting(in: IMAPFixture.inbox, limit: 10)
        let error = await #expect(throws: IMAPError.self) { try await client.fetch(uids[0], in: IMAPFixture.inbox, uidValidity: uidValidity) }
        #expect(error?.code == .serverGone)
        // The same client carries on with a new connection once the server is back (here: reached directly).
        #expect(try await client.waiting(in: IMAPFixture.inbox, limit: 10).uids == uids)
        let direct = try IMAPFixture.client(server, startTLS: .off)
        #expect(try await direct.fetch(uids[0], in: IMAPFixture.inbox, uidValidity: uidValidity) == message)
        await client.shutdown()
        await direct.shutdown()
    }

    @Test func aChangedUIDValidityRefusesTheOldUIDs() async throws {
        let server = try DovecotServer.start()
        defer { server.stop() }
        try server.deliver(IMAPFixture.message("one"))
        let client = try IMAPFixture.client(server)
        let (uidValidity, uids) = try await client.waiting(in: IMAPFixture.inbox, limit: 10)
        let error = await #expect(throws: IMAPError.self) { try await client.fetch(uids[0], in: IMAPFixture.inbox, uidValidity: uidValidity &+ 1) }
        #expect(error?.code == .uidValidityChanged)
        let gone = await #expect(throws: IMAPError.self) { try await client.fetch(uids[0] + 10, in: IMAPFixture.inbox, uidValidity: uidValidity) }
        #expect(gone?.code == .messageMissing)
        await client.shutdown()
    }

    @Test func malformedSettingsAreRefusedBeforeConnecting() throws {
        #expect(throws: IMAPError.self) { try IMAPConfiguration(serverURL: "https://mail.example.com", username: "u", password: "p") }
        #expect(throws: IMAPError.self) { try IMAPConfiguration(serverURL: "imaps://mail.example.com/INBOX", username: "u", password: "p") }
        #expect(throws: IMAPError.self) { try IMAPConfiguration(serverURL: "imaps://user:pw@mail.example.com", username: "u", password: "p") }
        #expect(throws: IMAPError.self) { try IMAPFolderName("Bounces/2026") }
        #expect(throws: IMAPError.self) { try IMAPFolderName("") }
        #expect(try IMAPConfiguration(serverURL: "IMAPS://Mail.Example.com:993/", username: "u", password: "p").serverURL == "imaps://mail.example.com:993")
        var plainRemote = try IMAPConfiguration(serverURL: "imap://mail.example.com", username: "u", password: "p")
        plainRemote.startTLS = .off
        let refused = #expect(throws: IMAPError.self) { try IMAPClient(configuration: plainRemote) }
        #expect(refused?.message.contains("STARTTLS may be off only for an IMAP server on loopback") == true)
        var plainLoopback = try IMAPConfiguration(serverURL: "imap://127.0.0.1:1", username: "u", password: "p")
        plainLoopback.startTLS = .off
        #expect(throws: Never.self) { try plainLoopback.validate() }
    }
}
