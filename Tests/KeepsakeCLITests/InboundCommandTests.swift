import Foundation
import KeepsakeTestSupport
import Testing

/// `keepsake inbound` as an MTA's pipe transport runs it, and the daemon reading its spool.
@Suite("keepsake inbound")
struct InboundCommandTests {
    static func spool(in directory: URL) throws -> URL {
        let spool = directory.appendingPathComponent("spool", isDirectory: true)
        for sub in ["tmp", "new", "cur"] {
            try FileManager.default.createDirectory(at: spool.appendingPathComponent(sub), withIntermediateDirectories: true)
        }
        return spool
    }

    static func files(_ folder: URL, _ sub: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent(sub).path)) ?? []).sorted()
    }

    @Test("a DSN for a message Keepsake sent, piped in, is spooled (exit 0) and the next run --once suppresses that recipient and no other")
    func pipedBounceSuppressesItsRecipient() throws {
        let fixture = try DaemonFixture(generated: 3, birthday: "05-10", samples: false, zones: ["UTC"])
        let spool = try Self.spool(in: fixture.directory)
        let settings = ["KEEPSAKE_SENDER_ENVELOPE_FROM": "bounces@shop.example", "KEEPSAKE_INBOUND_SPOOL": spool.path]
        let tick = try fixture.keepsake(["run", "--once", "--now", "2026-05-10T10:00:00Z"], extraEnvironment: settings)
        try #require(tick.status == 0, "\(tick.standardError)")
        let messages = try fixture.server.messages()
        try #require(messages.count == 3)
        // VERP is on because an inbound source is configured.
        #expect(messages.allSatisfy { $0.mailFrom.hasPrefix("bounces+") }, "\(messages.map(\.mailFrom))")
        let bounced = messages[1]
        let recipient = try #require(bounced.recipients.first)
        let messageID = try #require(
            String(decoding: bounced.raw, as: UTF8.self).split(separator: "\r\n").first { $0.lowercased().hasPrefix("message-id:") }
        ).dropFirst("Message-ID:".count).trimmingCharacters(in: .whitespaces)
        let dsn = fixture.directory.appendingPathComponent("dsn.eml")
        try ReturnedMail.dsn(to: bounced.mailFrom, messageID: messageID, recipients: [.init(address: recipient)])
            .write(to: dsn, atomically: true, encoding: .utf8)

        let piped = try KeepsakeBinary.run(["inbound"], environment: settings, timeLimit: 60, standardInput: dsn)
        #expect(piped.status == 0, "\(piped.standardError)")
        #expect(!piped.crashed && !piped.timedOut)
        #expect(Self.files(spool, "new").count == 1)
        #expect(Self.files(spool, "tmp").isEmpty)

        let next = try fixture.keepsake(["run", "--once", "--now", "2026-05-10T11:00:00Z"], extraEnvironment: settings)
        #expect(next.status == 0, "\(next.standardError)")
        #expect(next.standardOutput.contains("inbound: 1 message (suppressed 1)"), "\(next.standardOutput)")
        #expect(Self.files(spool, "new").isEmpty)
        #expect(Self.files(spool.appendingPathComponent(".processed"), "cur").count == 1)

        let list = try fixture.keepsake(["suppression", "list"], files: false)
        #expect(list.standardOutput.contains(recipient), "\(list.standardOutput)")
        #expect(list.standardOutput.contains("delivery_status 5.1.1 from dns; mx.example.org"), "\(list.standardOutput)")
        #expect(list.standardOutput.contains("1 suppressed"), "\(list.standardOutput)")
        for other in messages.flatMap(\.recipients) where other != recipient {
            #expect(!list.standardOutput.contains(other))
        }
        let id = try #require(bounced.mailFrom.split(separator: "+").last?.split(separator: "-").first)
        let show = try fixture.keepsake(["deliveries", "show", String(id)], files: false)
        #expect(show.status == 0, "\(show.standardError)")
        for expected in ["email:          \(recipient)", "status:         sent", "delivery_status → suppressed", "status: 5.1.1",
                         "reported by: dns; mx.example.org", "suppressed: hard bounce"] {
            #expect(show.standardOutput.contains(expected), "\(expected) in \(show.standardOutput)")
        }
    }

    @Test("List-Unsubscribe's mailto carries the delivery's token; a mail client's request to it, piped in, withdraws consent before the next run")
    func mailedUnsubscribe() throws {
        let fixture = try DaemonFixture(generated: 2, birthday: "05-10", samples: false, zones: ["UTC"])
        let spool = try Self.spool(in: fixture.directory)
        let settings = [
            "KEEPSAKE_SENDER_ENVELOPE_FROM": "bounces@shop.example", "KEEPSAKE_INBOUND_SPOOL": spool.path,
            "KEEPSAKE_UNSUBSCRIBE_MAILTO": "unsubscribe@shop.example",
        ]
        let tick = try fixture.keepsake(["run", "--once", "--now", "2026-05-10T10:00:00Z"], extraEnvironment: settings)
        try #require(tick.status == 0, "\(tick.standardError)")
        let message = try #require(try fixture.server.messages().first)
        let token = try #require(message.mailFrom.split(separator: "+").last?.split(separator: "@").first)
        let text = String(decoding: message.raw, as: UTF8.self)
        #expect(text.contains("List-Unsubscribe: <mailto:unsubscribe+\(token)@shop.example>"), "\(text.prefix(1_500))")
        let recipient = try #require(message.recipients.first)
        let request = fixture.directory.appendingPathComponent("unsubscribe.eml")
        try ReturnedMail.unsubscribe(from: recipient, to: "unsubscribe+\(token)@shop.example").write(to: request, atomically: true, encoding: .utf8)
        let piped = try KeepsakeBinary.run(["inbound"], environment: settings, timeLimit: 60, standardInput: request)
        #expect(piped.status == 0, "\(piped.standardError)")
        let next = try fixture.keepsake(["run", "--once", "--now", "2026-05-10T11:00:00Z"], extraEnvironment: settings)
        #expect(next.standardOutput.contains("inbound: 1 message (consent_revoked 1)"), "\(next.standardOutput)")
        let log = try fixture.keepsake(["consent", "log", recipient], files: false)
        #expect(log.standardOutput.contains("mailto unsubscribe"), "\(log.standardOutput)")
    }

    @Test("a spool that cannot be written exits 75 (the MTA tries again) and names the folder; no spool configured is 75 too")
    func unwritableSpool() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("keepsake-inbound-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let message = directory.appendingPathComponent("message.eml")
        try "From: a@example.org\nSubject: x\n\nx\n".write(to: message, atomically: true, encoding: .utf8)
        let missing = directory.appendingPathComponent("no-such-spool").path
        let failed = try KeepsakeBinary.run(["inbound", "--spool", missing], timeLimit: 60, standardInput: message)
        #expect(failed.status == 75, "\(failed.standardError)")
        #expect(failed.standardError.contains(missing) && failed.standardError.contains("the MTA will try again"), "\(failed.standardError)")
        let unconfigured = try KeepsakeBinary.run(["inbound"], timeLimit: 60, standardInput: message)
        #expect(unconfigured.status == 75)
        #expect(unconfigured.standardError.contains("set inbound.spool"), "\(unconfigured.standardError)")
    }

    @Test("a message over the size limit is spooled cut at the limit (exit 0) and kept aside as too large by the daemon")
    func oversizedMessage() throws {
        let fixture = try DaemonFixture(generated: 0, birthday: "05-10", samples: false)
        let spool = try Self.spool(in: fixture.directory)
        let big = fixture.directory.appendingPathComponent("big.eml")
        var data = Data("From: a@example.org\nSubject: big\n\n".utf8)
        data.append(Data(repeating: 0x78, count: 30 * 1024 * 1024))
        try data.write(to: big)
        let piped = try KeepsakeBinary.run(["inbound", "--spool", spool.path], timeLimit: 120, standardInput: big)
        #expect(piped.status == 0, "\(piped.standardError)")
        #expect(piped.standardError.contains("spooled cut at the limit"), "\(piped.standardError)")
        let name = try #require(Self.files(spool, "new").first)
        let size = try FileManager.default.attributesOfItem(atPath: spool.appendingPathComponent("new/\(name)").path)[.size] as? Int
        #expect(size == 25 * 1024 * 1024 + 1)
        let settings = ["KEEPSAKE_INBOUND_SPOOL": spool.path]
        let processed = try fixture.keepsake(["inbound", "process"], files: false, extraEnvironment: settings)
        #expect(processed.status == 0, "\(processed.standardError)")
        #expect(processed.standardOutput.contains("inbound: 1 message (kept_aside 1)"), "\(processed.standardOutput)")
        #expect(Self.files(spool.appendingPathComponent(".kept-aside"), "cur") == [name])
        let list = try fixture.keepsake(["inbound", "list"], files: false)
        #expect(list.standardOutput.contains("messageTooLarge"), "\(list.standardOutput)")
        #expect(list.standardOutput.contains("kept_aside 1"), "\(list.standardOutput)")
    }
}
