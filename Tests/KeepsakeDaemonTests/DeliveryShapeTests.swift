import Calendars
import Campaigns
import Foundation
import GRDB
import KeepsakeTestSupport
import Store
import Testing
@testable import Scheduler
@testable import KeepsakeDaemon
import PlannerTestSupport

/// One delivery, one shape: the composer takes a send-ledger row as it is, and composes from it the
/// message the preview showed for the planned entry, down to the byte and the Message-ID.
@Suite struct DeliveryShapeTests {
    /// Sara's birthday with a coupon, in Tehran; the preview at 08:00, the daemon's tick at the
    /// window's opening (10:00).
    private static let previewAt = instant("2026-05-10T08:00:00+03:30")

    private func files(_ fixture: DispatchFixture) throws -> CampaignFiles {
        var birthdayCampaign = campaign("birthday", birthday())
        birthdayCampaign.coupon = Coupon(prefix: "BDAY", percent: 15, validDays: 14)
        return CampaignFiles(
            calendar: fixture.files.calendar, campaigns: [birthdayCampaign], composer: try sampleComposer([birthdayCampaign]))
    }

    /// What `keepsake preview` composes for the customer's entry at `now`, coupon codes as it looks them up.
    private func preview(_ files: CampaignFiles, store: KeepsakeStore, now: Date) throws -> DeliveryComposer.ComposedDelivery {
        let planner = Planner(
            calendar: files.calendar, campaigns: files.campaigns, store: store, history: LedgerHistory(store: store))
        let entries = try planner.plan(now: now, days: day("2026-05-10")...day("2026-05-10"), customerID: "sara")
        let entry = try #require(try CouponCodes(store: store, composer: files.composer).lookUp(entries).first)
        let record = try #require(try store.readForPlanning { try $0.customers(ids: ["sara"]) }["sara"])
        return try files.composer.compose(entry, customer: record)
    }

    @Test func theLedgerRowComposesToThePreviewsBytesAndTheRelayReceivesThem() async throws {
        let server = try CaptureServer.start()
        let fixture = try DispatchFixture([scripted("sara", nil)])
        let files = try files(fixture)
        let before = try preview(files, store: fixture.store, now: Self.previewAt)
        try await fixture.withDispatcher(relay: server.url) { dispatcher in
            let report = try await dispatcher.tick(now: DispatchFixture.opening, files: files)
            #expect(report.outcomes == ["sent": 1])
        }
        let row = try fixture.row("sara")
        let record = try #require(try fixture.store.readForPlanning { try $0.customers(ids: ["sara"]) }["sara"])
        let fromLedger = try files.composer.compose(row, customer: record)
        let after = try preview(files, store: fixture.store, now: Self.previewAt)

        #expect(row.couponCode?.hasPrefix("BDAY-") == true)
        #expect(fromLedger.rendered.text.contains(row.couponCode ?? "no code"))
        #expect(fromLedger.bytes == before.bytes, "the ledger row composes the message the preview showed")
        #expect(after.bytes == before.bytes, "a preview after the send shows the message that went out")
        let received = try #require(try server.messages().first)
        #expect(received.raw == fromLedger.bytes, "the relay receives the bytes composed from the ledger row")

        // One Message-ID: the ledger's, the message's, the preview's and the one the relay saw.
        let check = try MessageChecker.check(fileAt: received.fileURL)
        #expect(fromLedger.message.messageID.description == row.messageID)
        #expect(before.message.messageID.description == row.messageID)
        #expect(check.header("Message-ID") == row.messageID)
        #expect(row.messageID == files.composer.envelope.messageID(of: try #require(row.occurrence)))
    }

    /// A ledger row whose `time_zone` the system does not know (edited by hand) stops the tick with
    /// the store's error naming the row and the column; nothing is sent at a guessed (UTC) hour.
    @Test func aLedgerRowWithAnUnknownTimeZoneStopsTheTickWithoutSending() async throws {
        let server = try CaptureServer.start()
        let fixture = try DispatchFixture([scripted("sara", nil)])
        let occurrence = OccurrenceID(campaignID: "birthday", customerID: "sara", date: day("2026-05-10"))
        let recorded = try fixture.store.recordDue([LedgerDelivery(
            campaignID: "birthday", customerID: "sara", occurrenceDate: occurrence.date, day: occurrence.date,
            email: "sara@keepsake.test", segment: "everyone", template: "birthday", locale: "en",
            timeZone: TimeZone(identifier: "Asia/Tehran")!, years: nil, sendAt: DispatchFixture.opening,
            expiresAt: DispatchFixture.closing, messageID: fixture.files.composer.envelope.messageID(of: occurrence),
            plannedAt: DispatchFixture.opening)])
        let id = try #require(recorded.first?.id)
        try await DatabaseQueue(path: fixture.planner.directory.appendingPathComponent("keepsake.sqlite").path).write { db in
            try db.execute(sql: "UPDATE deliveries SET time_zone = 'Asia/Tehrn' WHERE id = ?", arguments: [id])
        }
        let error = await #expect(throws: StoreError.self) {
            try await fixture.tick(at: DispatchFixture.opening.addingTimeInterval(60), relay: server.url)
        }
        #expect(error?.code == .corruptData)
        #expect(error?.message.contains("\"Asia/Tehrn\" in deliveries.time_zone for delivery \(id)") == true,
                "\(error?.message ?? "no error")")
        #expect(try server.messages().isEmpty)
    }
}
