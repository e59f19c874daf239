import Calendars
import Campaigns
import Foundation
import KeepsakeTestSupport
import Store
import Testing
@testable import Scheduler
@testable import KeepsakeDaemon
import PlannerTestSupport

/// Caps across days under plan once: what `keepsake preview` shows for 30 days is what the
/// daemon, ticking every 30 minutes through the same 30 days in process against the real capture
/// server, sends and drops, day by day, although it plans only the days around each tick and
/// each day's room depends on the days before (their planned, then sent, deliveries).
@Suite struct SpacingMonthTests {
    @Test func thirtyDaysPreviewedAreTheThirtyDaysTheDaemonSendsAndDrops() async throws {
        let month = CollidingMonth(seed: 30, count: 24, withHistory: false, withCaps: false)
        let fixture = try DispatchFixture(month.customers)
        let campaigns = CollidingMonth.campaigns
        let files = CampaignFiles(calendar: month.calendar, campaigns: campaigns, composer: try sampleComposer(campaigns))
        let days = day("2026-02-28")...day("2026-03-30")
        let preview = try Planner(
            calendar: month.calendar, campaigns: campaigns, store: fixture.store, history: LedgerHistory(store: fixture.store)
        ).plan(now: CollidingMonth.start, days: days).compactMap { delivery -> String? in
            switch delivery.status {
            case .planned: "\(delivery.campaignID) \(delivery.customerID) \(delivery.day) sent"
            case .dropped(let reason): "\(delivery.campaignID) \(delivery.customerID) \(delivery.day) dropped (\(reason))"
            default: nil
            }
        }.sorted()

        let server = try CaptureServer.start()
        try await fixture.withDispatcher(relay: server.url) { dispatcher in
            var now = CollidingMonth.start
            while now <= instant("2026-03-31T00:00:00Z") {
                _ = try await dispatcher.tick(now: now, files: files)
                now = now.addingTimeInterval(1_800)
            }
        }
        let sent = try fixture.store.deliveries(customerIDs: Set(month.customers.map(\.id)))
            .filter { days.contains($0.day) }
            .map { row in
                let reason = row.droppedBy.map { " (\(HoldReason(droppedBy: $0)))" } ?? ""
                return "\(row.campaignID) \(row.customerID ?? "-") \(row.day) \(row.status.rawValue)\(reason)"
            }.sorted()
        #expect(preview.count > 40, "the month is busy: \(preview.count) entries")
        #expect(preview.contains { $0.contains("held back by the weekly cap") })
        #expect(preview.contains { $0.contains("days between mails") })
        #expect(try server.messages().count == preview.filter { $0.hasSuffix(" sent") }.count)
        let differences = sent.difference(from: preview)
        #expect(differences.isEmpty, "the daemon against the preview: \(differences.map { "\($0)" }.prefix(10))")
    }
}
