import Calendars
import Foundation
import Testing
@testable import Store

/// In-doubt deliveries by the hundred: all counted, listed by day and campaign, settled at once.
@Suite struct InDoubtReportTests {
    /// `count` deliveries of `campaign` for `day`, left in doubt by a stop at `stoppedAt`.
    private func inDoubt(
        _ fixture: SendLedgerFixture, count: Int, campaign: String, day: String, first: Int, stoppedAt: Date
    ) throws -> [LedgerDelivery] {
        let rows = (first..<first + count).map { index in
            var row = fixture.due("c\(index)", "c\(index)@shop.example", occurrence: day)
            row.campaignID = campaign
            row.status = .sending
            return row
        }
        let recorded = try fixture.store.recordDue(rows)
        #expect(recorded.count == count && Set(recorded.map(\.id)).count == count && !recorded.contains { $0.id == 0 })
        #expect(try fixture.store.recoverInterrupted(now: stoppedAt, resend: false).count == count)
        return recorded
    }

    @Test(arguments: StoreFixture.engines)
    func everyInDoubtDeliveryIsCountedListedByDayAndCampaignAndSettledAtOnce(engine: StoreEngine) throws {
        let fixture = try SendLedgerFixture(engine)
        let firstStop = try instant("2026-05-10T08:00:00Z")
        let secondStop = try instant("2026-05-11T08:00:00Z")
        _ = try inDoubt(fixture, count: 130, campaign: "birthday", day: "2026-05-10", first: 100, stoppedAt: firstStop)
        let later = try inDoubt(fixture, count: 20, campaign: "nowruz", day: "2026-05-11", first: 300, stoppedAt: secondStop)

        #expect(try fixture.store.deliveryCount(matching: DeliveryFilter(status: .inDoubt)) == 150)
        #expect(try fixture.store.deliveries(matching: DeliveryFilter(status: .inDoubt), limit: 100).count == 100)
        let secondDay = DeliveryFilter(status: .inDoubt, day: try LocalDate(parsing: "2026-05-11"))
        #expect(try fixture.store.deliveries(matching: secondDay, limit: 100).map(\.id) == later.map(\.id))
        #expect(try fixture.store.deliveryCount(matching: DeliveryFilter(status: .inDoubt, campaignID: "birthday")) == 130)
        #expect(try fixture.store.deliveryCount(
            matching: DeliveryFilter(status: .inDoubt, day: try LocalDate(parsing: "2026-05-11"), campaignID: "birthday")) == 0)

        // Everything that became in doubt before the second stop: the first 130, and only those.
        let settledAt = try instant("2026-05-11T09:00:00Z")
        #expect(try fixture.store.resolveInDoubt(before: secondStop, as: .resend, by: "ops", now: settledAt) == 130)
        #expect(try fixture.store.deliveryCount(matching: DeliveryFilter(status: .inDoubt)) == 20)
        let resent = try fixture.store.deliveries(matching: DeliveryFilter(status: .deferred), limit: 1_000)
        #expect(resent.count == 130)
        #expect(resent.allSatisfy { $0.nextAttemptAt == settledAt && $0.lastReply == "resolved by ops as resend" })
        #expect(try fixture.store.resolveInDoubt(before: settledAt, as: .sent, by: "ops", now: settledAt) == 20)
        #expect(try fixture.store.deliveryCount(matching: DeliveryFilter(status: .sent)) == 20)
        #expect(try fixture.store.resolveInDoubt(before: settledAt, as: .sent, by: "ops", now: settledAt) == 0)
    }
}
