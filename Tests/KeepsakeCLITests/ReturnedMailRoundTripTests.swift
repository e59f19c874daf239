import Foundation
import KeepsakeTestSupport
import Testing

/// The whole loop with real peers: Keepsake sends through a real Postfix, Postfix writes its own
/// delivery status notifications to the VERP address, Dovecot serves them, and the daemon's IMAP
/// source (libcurl) reads them and acts.
@Suite("Returned mail round trip (Postfix, Dovecot)", .serialized)
struct ReturnedMailRoundTripTests {
    /// Two customers with a birthday on 10 May: one whose mailbox does not exist at Postfix's
    /// local domain (a bounce, 5.1.1), one whose domain is unreachable (a delay notice, 4.4.1).
    static let customers = """
        id,email,first_name,locale,timezone,calendar,birthday,first_order_at,orders_count,total_spent,currency,consent,consent_at,consent_source
        c1,nobody-here@shop.test,Sara,en,UTC,gregorian,1990-05-10,2024-01-10T10:00:00Z,1,50.00,USD,opted_in,2025-01-01T00:00:00Z,checkout checkbox
        c2,somebody@unreachable.test,Omid,en,UTC,gregorian,1991-05-10,2024-01-10T10:00:00Z,1,50.00,USD,opted_in,2025-01-01T00:00:00Z,checkout checkbox

        """

    struct Peers {
        let fixture: DaemonFixture
        let postfix: PostfixServer
        let dovecot: DovecotServer
        let environment: [String: String]
    }

    /// Postfix as the relay, Dovecot serving Postfix's returns mailbox, the customers imported,
    /// and the settings that point Keepsake at both (VERP is on because a source is configured).
    static func peers() throws -> Peers {
        let fixture = try DaemonFixture(generated: 0, birthday: "05-10", samples: false)
        let file = fixture.directory.appendingPathComponent("customers.csv")
        try customers.write(to: file, atomically: true, encoding: .utf8)
        let imported = try KeepsakeBinary.run(["import", "customers", file.path, "--database", fixture.database])
        try #require(imported.status == 0, "\(imported.standardError)")
        let postfix = try PostfixServer.start()
        let dovecot = try DovecotServer.start(.init(startTLS: false, home: postfix.returnsHome))
        let passwordFile = fixture.directory.appendingPathComponent("imap-password")
        try "\(dovecot.password)\n".write(to: passwordFile, atomically: true, encoding: .utf8)
        let environment = [
            "KEEPSAKE_SMTP_URL": postfix.url, "KEEPSAKE_SENDER_ENVELOPE_FROM": "bounces@\(postfix.returnsDomain)",
            "KEEPSAKE_INBOUND_IMAP_URL": dovecot.url, "KEEPSAKE_INBOUND_IMAP_USER": dovecot.user,
            "KEEPSAKE_INBOUND_IMAP_PASSWORD_FILE": passwordFile.path, "KEEPSAKE_INBOUND_IMAP_STARTTLS": "false",
        ]
        return Peers(fixture: fixture, postfix: postfix, dovecot: dovecot, environment: environment)
    }

    @Test("Postfix's own DSN for a message Keepsake sent suppresses that recipient and no other; its delay notice is counted; both are moved to the processed folder")
    func postfixBounceSuppressesOnlyItsRecipient() throws {
        let peers = try Self.peers()
        defer { peers.dovecot.stop(); peers.postfix.stop() }
        let sent = try peers.fixture.keepsake(["run", "--once", "--now", "2026-05-10T10:00:00Z"], extraEnvironment: peers.environment)
        try #require(sent.status == 0, "\(sent.standardError)")
        #expect(sent.standardOutput.contains("sent=2"), "\(sent.standardOutput)")
        let returned = try peers.postfix.waitForReturnedMessages(count: 2, timeout: 120)
        try #require(returned.count >= 2)

        let processed = try peers.fixture.keepsake(["inbound", "process"], files: false, extraEnvironment: peers.environment)
        #expect(processed.status == 0, "\(processed.standardError)")
        #expect(processed.standardOutput.contains("suppressed 1"), "\(processed.standardOutput)")
        let keptAside = try peers.fixture.keepsake(["inbound", "list"], files: false)
        #expect(processed.standardOutput.contains("counted 1"), "\(processed.standardOutput)\n\(keptAside.standardOutput)")
        #expect(try peers.dovecot.messages(in: "INBOX").isEmpty)
        #expect(try peers.dovecot.messages(in: "Keepsake.Processed").count == returned.count)

        let list = try peers.fixture.keepsake(["suppression", "list"], files: false)
        #expect(list.standardOutput.contains("nobody-here@shop.test"), "\(list.standardOutput)")
        #expect(!list.standardOutput.contains("somebody@unreachable.test"), "\(list.standardOutput)")
        #expect(list.standardOutput.contains("5.1.1"), "\(list.standardOutput)")

        // Processing again finds nothing: the mailbox was emptied only after the commits.
        let again = try peers.fixture.keepsake(["inbound", "process"], files: false, extraEnvironment: peers.environment)
        #expect(again.status == 0, "\(again.standardError)")
        #expect(again.standardOutput.contains("inbound: 0 messages"), "\(again.standardOutput)")
    }

    @Test("killed (SIGKILL) between the store commit and the IMAP move: the next run neither processes the message twice nor loses it")
    func killedBetweenCommitAndMove() throws {
        let peers = try Self.peers()
        defer { peers.dovecot.stop(); peers.postfix.stop() }
        let sent = try peers.fixture.keepsake(["run", "--once", "--now", "2026-05-10T10:00:00Z"], extraEnvironment: peers.environment)
        try #require(sent.status == 0, "\(sent.standardError)")
        _ = try peers.postfix.waitForReturnedMessages(count: 2, timeout: 120)

        var killing = peers.environment
        killing["KEEPSAKE_TEST_KILL_AFTER_INBOUND_COMMIT"] = "1"
        let killed = try peers.fixture.keepsake(["inbound", "process"], files: false, extraEnvironment: killing)
        #expect(killed.crashed && killed.status == SIGKILL, "status \(killed.status): \(killed.standardError)")
        // The first message's effects are committed; it is still in the mailbox.
        let waiting = try peers.dovecot.messages(in: "INBOX").count
        #expect(waiting == 2)

        let resumed = try peers.fixture.keepsake(["inbound", "process"], files: false, extraEnvironment: peers.environment)
        #expect(resumed.status == 0, "\(resumed.standardError)")
        #expect(resumed.standardOutput.contains("duplicate 1"), "\(resumed.standardOutput)")
        #expect(try peers.dovecot.messages(in: "INBOX").isEmpty)
        #expect(try peers.dovecot.messages(in: "Keepsake.Processed").count == 2)
        let list = try peers.fixture.keepsake(["inbound", "list"], files: false)
        let entries = try peers.fixture.keepsake(["suppression", "list"], files: false)
        #expect(entries.standardOutput.components(separatedBy: "nobody-here@shop.test").count == 2, "\(entries.standardOutput)")
        #expect(!entries.standardOutput.contains("somebody@unreachable.test"), "\(entries.standardOutput)")
        #expect(list.status == 0, "\(list.standardError)")
    }
}
