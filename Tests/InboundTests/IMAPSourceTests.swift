import Foundation
import IMAP
import Inbound
import KeepsakeTestSupport
import Testing

/// IMAPSource against a real Dovecot: items keyed UIDVALIDITY/UID, put away only when finished.
@Suite("IMAPSource through Dovecot")
struct IMAPSourceTests {
    static func source(_ server: DovecotServer, sizeLimit: Int? = nil) async throws -> IMAPSource {
        var configuration = try IMAPConfiguration(serverURL: server.url, username: server.user, password: server.password)
        configuration.caFile = server.tls?.certificate.path
        if let sizeLimit { configuration.messageSizeLimit = sizeLimit }
        let source = IMAPSource(
            client: try IMAPClient(configuration: configuration), folder: try IMAPFolderName("INBOX"),
            processedFolder: try IMAPFolderName("Keepsake.Processed"), keptAsideFolder: try IMAPFolderName("Keepsake.Kept aside")
        )
        try await source.prepare()
        return source
    }

    static func message(_ subject: String, size: Int = 0) -> [UInt8] {
        Array("From: MAILER-DAEMON@returns.test\r\nSubject: \(subject)\r\n\r\n\(String(repeating: "x", count: size))\r\n".utf8)
    }

    @Test func itemsAreKeyedByUIDValidityAndUIDAndMovedOnlyWhenFinished() async throws {
        let server = try DovecotServer.start()
        defer { server.stop() }
        let bounce = Self.message("bounce"), puzzle = Self.message("puzzle"), later = Self.message("later")
        try server.deliver(bounce)
        try server.deliver(puzzle)
        try server.deliver(later)
        let source = try await Self.source(server)
        #expect(source.description == "imap \(server.url)/INBOX")

        let items = try await source.waiting(limit: 10)
        #expect(Set(items.map(\.bytes)) == Set([bounce, puzzle, later]))
        let uidValidity = try #require(items.first?.key.split(separator: "/").first.flatMap { UInt32($0) })
        #expect(items.map(\.key) == ["\(uidValidity)/1", "\(uidValidity)/2", "\(uidValidity)/3"])
        let byContent = Dictionary(uniqueKeysWithValues: items.map { ($0.bytes, $0) })

        try await source.finish(try #require(byContent[bounce]), as: .processed)
        try await source.finish(try #require(byContent[puzzle]), as: .keptAside)
        // The third was never committed: it is still waiting, under the same key.
        #expect(try await source.waiting(limit: 10) == [try #require(byContent[later])])
        #expect(try server.messages(in: "Keepsake.Processed") == [bounce])
        #expect(try server.messages(in: "Keepsake.Kept aside") == [puzzle])
        #expect(try server.messages(in: "INBOX") == [later])
    }

    @Test func anOversizedMessageIsKeptAsideUnread() async throws {
        let server = try DovecotServer.start()
        defer { server.stop() }
        let small = Self.message("small"), big = Self.message("big", size: 20_000)
        try server.deliver(big)
        try server.deliver(small)
        let source = try await Self.source(server, sizeLimit: 10_000)
        let items = try await source.waiting(limit: 10)
        #expect(items.map(\.bytes) == [small])
        #expect(source.oversizedMessagesKeptAside == 1)
        #expect(try server.messages(in: "Keepsake.Kept aside") == [big])
    }

    @Test func aMalformedKeyIsRefused() async throws {
        let server = try DovecotServer.start()
        defer { server.stop() }
        let source = try await Self.source(server)
        await #expect(throws: IMAPError.self) { try await source.finish(InboundItem(key: "cur/1796614456.V1", bytes: []), as: .processed) }
    }
}
