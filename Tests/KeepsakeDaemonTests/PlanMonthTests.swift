import Calendars
import Campaigns
import Foundation
import KeepsakeTestSupport
import Mail
import Store
import Testing
@testable import Scheduler
@testable import KeepsakeDaemon
import PlannerTestSupport

/// May 2026 as the daemon lives it, ticking every 30 minutes against the real capture server, with
/// imports, an unsubscribe and a new opt-in, a reload and hard bounces along the way: planned
/// incrementally, and planned afresh (every plan discarded) before every tick, the ledgers are
/// the same row for row.
///
/// The ticks fall on every half hour, as do the window openings of the customers' zones (no
/// quarter-hour offsets here): a delivery planned ahead is sent at its window's opening, which is
/// also when a fresh plan, made at that tick, sends it.
@Suite struct PlanMonthTests {
    static let zones = ["Asia/Tehran", "Europe/Berlin", "America/New_York", "Asia/Tokyo", "UTC", "Asia/Kolkata"]
    /// Each customer's birthday in May; 15 May is also the spring sale's day, and the cap is one a day.
    static let birthdays = [1, 2, 3, 5, 8, 11, 14, 15, 15, 16, 18, 24, 26, 27, 28, 29, 30, 15]
    /// Customers whose address the relay refuses for good (a hard bounce, then suppressed).
    static let refused: Set = [4, 11]

    @Test func aMonthPlannedIncrementallyGivesTheLedgerOfAMonthPlannedAfreshAtEveryTick() async throws {
        let incremental = try await Self.simulate(afresh: false)
        let afresh = try await Self.simulate(afresh: true)
        #expect(incremental.rows.count > 30, "the month is busy: \(incremental.rows.count) rows")
        let differences = incremental.rows.difference(from: afresh.rows)
        #expect(differences.isEmpty, "\(differences)")
        #expect(incremental.messages == afresh.messages)
        for status in ["sent", "failed", "dropped"] {
            #expect(incremental.rows.contains { $0.contains(" \(status) ") }, "the month has \(status) deliveries")
        }
        #expect(incremental.plannerRuns * 20 < afresh.plannerRuns,
                "incrementally \(incremental.plannerRuns) planner runs, afresh \(afresh.plannerRuns)")
    }

    struct Month {
        var rows: [String]
        var messages: Int
        var plannerRuns: Int
    }

    static func simulate(afresh: Bool) async throws -> Month {
        let customers = birthdays.indices.map { index in
            customer(index, birthday: birthdays[index], script: refused.contains(index) ? "rcpt-550" : nil)
        }
        let fixture = try DispatchFixture(customers)
        let server = try CaptureServer.start()
        let springFirst = try files(birthdayGrace: 1, springGrace: 0, springFirst: true)
        let birthdayFirst = try files(birthdayGrace: 2, springGrace: 0, springFirst: false)
        var files = springFirst
        let store = fixture.store
        try await fixture.withDispatcher(relay: server.url) { dispatcher in
            var now = instant("2026-05-01T00:00:00Z")
            while now <= instant("2026-05-31T00:00:00Z") {
                switch ISO8601DateFormatter().string(from: now) {
                case "2026-05-06T09:00:00Z":
                    try importCustomers([customer(40, birthday: 20, script: nil), customer(41, birthday: 15, script: nil)], store: store, now: now)
                case "2026-05-10T09:00:00Z":
                    _ = try store.record(
                        ConsentObservation(status: .optedOut, occurredAt: now, source: "unsubscribe link"),
                        email: customer(12, birthday: 26, script: nil).email, recordedBy: "month")
                case "2026-05-12T09:00:00Z":
                    files = birthdayFirst
                case "2026-05-18T09:00:00Z":
                    try importCustomers([customer(13, birthday: 22, script: nil)], store: store, now: now)
                case "2026-05-21T09:00:00Z":
                    _ = try store.record(
                        ConsentObservation(status: .optedIn, occurredAt: now, source: "account settings"),
                        email: customer(12, birthday: 26, script: nil).email, recordedBy: "month")
                case "2026-05-23T09:00:00Z":
                    // A change outside an import: journalled for that customer only.
                    try store.importSession(commit: true, recordedBy: "month") { session in
                        _ = try session.upsert(customer(14, birthday: 29, script: nil))
                    }
                default:
                    break
                }
                if afresh { try store.discardPlans() }
                _ = try await dispatcher.tick(now: now, files: files)
                now = now.addingTimeInterval(1_800)
            }
        }
        let ids = (birthdays.indices.map { $0 } + [40, 41]).map { customer($0, birthday: 1, script: nil).id }
        let rows = try store.deliveries(customerIDs: ids).map(describe).sorted()
        return Month(rows: rows, messages: try server.messages().count, plannerRuns: try store.planningCount().runs)
    }

    /// A row without what differs between two runs by nature: ids, when it was planned and the relay's reply text.
    static func describe(_ row: LedgerDelivery) -> String {
        [row.campaignID, row.customerID ?? "-", "\(row.occurrenceDate)", "\(row.day)", row.email ?? "-", row.segment,
         row.template, row.locale, row.timeZone.identifier, "\(row.years ?? -1)", "\(row.sendAt)", "\(row.expiresAt)", row.messageID,
         row.couponCode ?? "-", row.status.rawValue, "\(row.attempts)", "\(row.nextAttemptAt)", row.lastStage ?? "-",
         "\(row.consentEvent ?? -1)", row.droppedBy ?? "-", "\(row.sentAt.map { "\($0)" } ?? "-")"].joined(separator: " ")
    }

    static func customer(_ index: Int, birthday: Int, script: String?) -> CustomerRecord {
        let id = "m\(index)"
        let local = script.map { "\($0)+\(id)" } ?? id
        return CustomerRecord(
            id: id, email: try! EmailAddress("\(local)@keepsake.test"), firstName: id, locale: "en",
            timeZone: zones[index % zones.count],
            birthday: try! CalendarDate(parsing: String(format: "1990-05-%02d", birthday), in: .gregorian))
    }

    /// The spring sale (15 May, everyone) and the birthday campaign, in one priority order or the other.
    static func files(birthdayGrace: Int, springGrace: Int, springFirst: Bool) throws -> CampaignFiles {
        let spring = campaign(
            "spring", .yearlyOn(month: 5, day: 15, calendar: .gregorian, overrides: [:]), grace: springGrace,
            segments: [("everyone", nil, "nowruz")])
        let birthdays = campaign("birthday", birthday(), grace: birthdayGrace)
        let campaigns = springFirst ? [spring, birthdays] : [birthdays, spring]
        return CampaignFiles(calendar: rules(), campaigns: campaigns, composer: try sampleComposer(campaigns))
    }

    /// An import: opted-in customers, journalled as a change for everyone.
    static func importCustomers(_ customers: [CustomerRecord], store: KeepsakeStore, now: Date) throws {
        try store.importSession(commit: true, recordedBy: "month import") { session in
            try session.changesEveryonesPlan(reason: "import")
            for customer in customers {
                _ = try session.upsert(customer)
                let optIn = ConsentObservation(status: .optedIn, occurredAt: now, source: "checkout checkbox")
                _ = try session.observeConsent(optIn, email: customer.email, customerID: customer.id)
            }
        }
    }
}
