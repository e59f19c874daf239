import Foundation
import IMAP
import KeepsakeTestSupport
import Testing

/// The folder operations against a real Dovecot on loopback, over STARTTLS and imaps.
@Suite("IMAP mailbox operations through Dovecot")
struct MailboxOperationTests {
    @Test func listsAndFetchesOverSTARTTLS() async throws {
        let server = try DovecotServer.start()
        defer { server.stop() }
        let first = IMAPFixture.message("first"), second = IMAPFixture.message("second")
        try server.deliver(first)
        try server.deliver(second)
        let client = try IMAPFixture.client(server)
        let (uidValidity, uids) = try await client.waiting(in: IMAPFixture.inbox, limit: 10)
        #expect(uidValidity > 0)
        #expect(uids.count == 2)
        var fetched: [[UInt8]] = []
        for uid in uids { fetched.append(try await client.fetch(uid, in: IMAPFixture.inbox, uidValidity: uidValidity)) }
        #expect(Set(fetched) == Set([first, second]))
        await client.shutdown()
    }

    @Test func listsOverImplicitTLSAndHonoursTheLimit() async throws {
        let server = try DovecotServer.start()
        defer { server.stop() }
        for index in 0..<5 { try server.deliver(IMAPFixture.message("number \(index)")) }
        let client = try IMAPFixture.client(server, url: server.implicitTLSURL)
        let (_, uids) = try await client.waiting(in: IMAPFixture.inbox, limit: 3)
        #expect(uids == [1, 2, 3])
        await client.shutdown()
    }

    @Test func mailArrivingBetweenTwoListingsIsSeenByTheSecond() async throws {
        let server = try DovecotServer.start()
        defer { server.stop() }
        let client = try IMAPFixture.client(server)
        try server.deliver(IMAPFixture.message("first"))
        #expect(try await client.waiting(in: IMAPFixture.inbox, limit: 10).uids.count == 1)
        try server.deliver(IMAPFixture.message("second"))
        // Same connection, folder still selected: the listing must not be the server's stale view.
        #expect(try await client.waiting(in: IMAPFixture.inbox, limit: 10).uids.count == 2)
        await client.shutdown()
    }

    @Test func anEmptyFolderListsNothing() async throws {
        let server = try DovecotServer.start()
        defer { server.stop() }
        let client = try IMAPFixture.client(server)
        let (uidValidity, uids) = try await client.waiting(in: IMAPFixture.inbox, limit: 10)
        #expect(uidValidity > 0)
        #expect(uids.isEmpty)
        await client.shutdown()
    }

    @Test func createsFoldersOnceAndMovesByUID() async throws {
        let server = try DovecotServer.start()
        defer { server.stop() }
        let bounce = IMAPFixture.message("bounce"), puzzle = IMAPFixture.message("puzzle")
        try server.deliver(bounce)
        try server.deliver(puzzle)
        let client = try IMAPFixture.client(server)
        for _ in 0..<2 {
            try await client.createIfMissing(IMAPFixture.processed)
            try await client.createIfMissing(IMAPFixture.keptAside)
        }
        let (uidValidity, uids) = try await client.waiting(in: IMAPFixture.inbox, limit: 10)
        let bounceUID = try await IMAPFixture.uid(of: bounce, among: uids, client: client, uidValidity: uidValidity)
        let puzzleUID = try #require(uids.first { $0 != bounceUID })
        try await client.move(bounceUID, in: IMAPFixture.inbox, uidValidity: uidValidity, to: IMAPFixture.processed)
        try await client.move(puzzleUID, in: IMAPFixture.inbox, uidValidity: uidValidity, to: IMAPFixture.keptAside)
        #expect(try server.messages(in: "Processed") == [bounce])
        #expect(try server.messages(in: "Kept aside") == [puzzle])
        #expect(try server.messages(in: "INBOX").isEmpty)
        #expect(try await client.waiting(in: IMAPFixture.inbox, limit: 10).uids.isEmpty)
        await client.shutdown()
    }

    @Test func movesWithCopyAndExpungeWhenTheServerLacksMOVE() async throws {
        let server = try DovecotServer.start(.init(advertiseMove: false))
        defer { server.stop() }
        let kept = IMAPFixture.message("stays"), moved = IMAPFixture.message("goes")
        try server.deliver(kept)
        try server.deliver(moved)
        let client = try IMAPFixture.client(server)
        try await client.createIfMissing(IMAPFixture.processed)
        let (uidValidity, uids) = try await client.waiting(in: IMAPFixture.inbox, limit: 10)
        let movedUID = try await IMAPFixture.uid(of: moved, among: uids, client: client, uidValidity: uidValidity)
        try await client.move(movedUID, in: IMAPFixture.inbox, uidValidity: uidValidity, to: IMAPFixture.processed)
        #expect(try server.messages(in: "Processed") == [moved])
        #expect(try await client.waiting(in: IMAPFixture.inbox, limit: 10).uids == uids.filter { $0 != movedUID })
        #expect(try server.messages(in: "INBOX") == [kept])
        await client.shutdown()
    }

    /// What makes the test above take the COPY path: that server does not announce MOVE.
    @Test func theFallbackServerLacksMOVEAndTheDefaultOneHasIt() throws {
        for advertiseMove in [false, true] {
            let server = try DovecotServer.start(.init(advertiseMove: advertiseMove))
            defer { server.stop() }
            let connection = try IMAPConnection(configuration: try IMAPFixture.configuration(server))
            _ = try connection.waiting(in: IMAPFixture.inbox, limit: 1)
            #expect(connection.announced("MOVE") == advertiseMove)
            #expect(connection.announced("UIDPLUS"))
        }
    }
}
