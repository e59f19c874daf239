import Foundation
import KeepsakeTestSupport
import Mail
import SMTP
import Store
import Testing
import Scheduler
@testable import KeepsakeDaemon
import PlannerTestSupport

/// VERP: each delivery's envelope sender names it, and reads back only when its signature holds.
@Suite("VERP envelope senders")
struct EnvelopeSenderTests {
    let tokens = LinkTokens(secret: Array(repeating: 7, count: 32))

    func sender(_ base: String = "bounces@shop.example") throws -> EnvelopeSender {
        try EnvelopeSender(base: try EmailAddress(base), tokens: tokens)
    }

    @Test func theCaptureServerSeesEachDeliverysOwnSenderAndItReadsBackToTheLedgerRow() async throws {
        let server = try CaptureServer.start()
        let fixture = try DispatchFixture([scripted("sara", nil), scripted("reza", "data-451-x1")])
        let verp = try sender()
        let files = CampaignFiles(
            calendar: fixture.files.calendar, campaigns: fixture.files.campaigns, composer: fixture.files.composer,
            envelopeSender: verp)
        try await fixture.withDispatcher(relay: server.url) { dispatcher in
            _ = try await dispatcher.tick(now: DispatchFixture.opening, files: files)
            // Reza's first attempt was refused after the message (451): the retry keeps his sender.
            let retry = try fixture.row("reza").nextAttemptAt
            _ = try await dispatcher.tick(now: retry, files: files)
        }
        let messages = try server.messages()
        try #require(messages.count == 2)
        for message in messages {
            let row = try #require(try verp.delivery(bouncedTo: message.mailFrom, in: fixture.store), "\(message.mailFrom)")
            #expect(message.recipients == [row.email!])
            #expect(message.mailFrom == "bounces+\(row.id)-\(tokens.bounceSignature(deliveryID: row.id, messageID: row.messageID))@shop.example")
            #expect(message.mailFrom.wholeMatch(of: /bounces\+[1-9][0-9]*-[a-z2-7]{10}@shop\.example/) != nil)
            #expect(row.status == .sent)
        }
        let reza = try fixture.row("reza")
        let mailCommands = try server.events().filter { $0.kind == "mail" }.compactMap(\.address)
        #expect(mailCommands.filter { $0 == verp.address(for: reza) }.count == 2, "\(mailCommands)")
        #expect(Set(mailCommands).count == 2, "one sender per delivery: \(mailCommands)")
    }

    @Test func aTamperedOrForeignAddressIsRefused() throws {
        let fixture = try SendLedgerRows()
        let verp = try sender()
        let row = fixture.rows[0]
        let address = verp.address(for: row)
        #expect(try verp.delivery(bouncedTo: address, in: fixture.store) == row)
        // Mail systems may change case or keep the angle brackets of the path.
        #expect(try verp.delivery(bouncedTo: "<" + address.uppercased() + ">", in: fixture.store) == row)
        let token = try #require(verp.token(in: address))
        let other = fixture.rows[1]
        let signature = token.signature
        let flipped = String(signature.dropLast()) + (signature.last == "a" ? "b" : "a")
        let forged = [
            "bounces+\(row.id)-\(flipped)@shop.example",                    // one signature character changed
            "bounces+\(other.id)-\(signature)@shop.example",                // the signature moved to another delivery
            "bounces+0\(row.id)-\(signature)@shop.example",                 // a leading zero
            "bounces+\(row.id)-\(signature.dropLast())@shop.example",       // truncated
            "bounces+\(row.id)-\(signature)x@shop.example",                 // lengthened
            "bounces+\(row.id)\(signature)@shop.example",                   // no dash
            "bounces+\(row.id)-\(signature)@other.example",                 // another domain
            "returns+\(row.id)-\(signature)@shop.example",                  // another mailbox
            "bounces@shop.example", "bounces+@shop.example", "", "not an address",
            "bounces+99999-\(signature)@shop.example",                      // no such delivery
        ]
        for address in forged {
            #expect(try verp.delivery(bouncedTo: address, in: fixture.store) == nil, "\(address)")
        }
        // A store restored from an older backup reuses ids: the same id with another Message-ID is refused.
        var reused = row
        reused.messageID = "<ks.another@shop.example>"
        #expect(!verp.isAuthentic(token, for: reused))
        // Another secret makes other signatures.
        let stranger = try EnvelopeSender(base: EmailAddress("bounces@shop.example"), tokens: LinkTokens(secret: Array(repeating: 8, count: 32)))
        #expect(try stranger.delivery(bouncedTo: address, in: fixture.store) == nil)
    }

    @Test func theLocalPartFitsRFC5321AndTheBaseMustLeaveRoomForTheToken() throws {
        var longest = try #require(SendLedgerRows.sample)
        longest.id = Int64.max
        let base = String(repeating: "b", count: EnvelopeSender.maximumBaseLocalPartLength)
        let address = try sender("\(base)@shop.example").address(for: longest)
        let local = address.split(separator: "@")[0]
        #expect(local.utf8.count == 64)
        #expect(throws: Never.self) { try EmailAddress(address) }
        #expect(throws: SMTPConfigurationError.self) { try sender("b\(base)@shop.example") }
        #expect(throws: SMTPConfigurationError.self) { try sender("bounces+shop@shop.example") }
    }
}

/// Two recorded ledger rows in a fresh store, for reading bounce addresses back.
final class SendLedgerRows {
    static let sample: LedgerDelivery? = LedgerDelivery(
        campaignID: "birthday", customerID: "c1", occurrenceDate: day("2026-05-10"), day: day("2026-05-10"),
        email: "c1@shop.example", segment: "everyone", template: "birthday", locale: "en",
        timeZone: TimeZone(identifier: "Asia/Tehran")!, years: nil, sendAt: instant("2026-05-10T10:00:00+03:30"), expiresAt: instant("2026-05-10T20:00:00+03:30"),
        messageID: "<ks.c1@shop.example>", plannedAt: instant("2026-05-10T10:00:00+03:30"))

    let planner: PlannerFixture
    var store: KeepsakeStore { planner.store }
    let rows: [LedgerDelivery]

    init() throws {
        planner = try PlannerFixture([])
        var second = SendLedgerRows.sample!
        second.customerID = "c2"
        second.email = "c2@shop.example"
        second.messageID = "<ks.c2@shop.example>"
        try planner.store.recordDue([SendLedgerRows.sample!, second])
        rows = try planner.store.deliveries(customerIDs: ["c1", "c2"]).sorted { $0.id < $1.id }
    }
}
