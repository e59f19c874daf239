import Calendars
import Campaigns
import Foundation
import Store
import Testing
@testable import Scheduler
@testable import KeepsakeDaemon
import PlannerTestSupport

/// The daemon plans a local day once, and again only for what a change concerns (``DayPlanner``),
/// on a real SQLite store.
@Suite struct PlanOnceTests {
    /// 9 May 2026, noon UTC: the days in range are 8–10 May; the birthdays of 10 May are planned.
    static let noon = instant("2026-05-09T12:00:00Z")
    static let days = ["2026-05-08", "2026-05-09", "2026-05-10"]

    @Test func aTickWithNoChangePlansNothingAndAChangeRePlansOnlyWhatItConcerns() throws {
        let fixture = try PlannerFixture(["sara", "omid", "nima"].map { scripted($0, nil) })
        let files = try birthdayFiles()
        let first = try keepPlanned(fixture, files, at: Self.noon)
        #expect(first == .init(runs: 1, rows: 3))
        #expect(try fixture.store.planningCount() == PlanningCount(runs: 1, lastCustomers: nil, lastDays: Self.days))
        let planned = try plannedRows(fixture)
        #expect(planned.values.allSatisfy { $0.status == .planned && $0.sendAt == DispatchFixture.opening })

        #expect(try keepPlanned(fixture, files, at: Self.noon.addingTimeInterval(60)) == .init(), "nothing changed")
        #expect(try keepPlanned(fixture, try birthdayFiles(), at: Self.noon.addingTimeInterval(120)) == .init(),
                "a reload of the same files changes nothing")
        #expect(try fixture.store.planningCount().runs == 1)

        // An unsubscribe re-plans that customer only: the others' rows stay exactly as they were.
        let optOut = ConsentObservation(status: .optedOut, occurredAt: Self.noon, source: "unsubscribe link")
        _ = try fixture.store.record(optOut, email: scripted("omid", nil).email, recordedBy: "plan-once tests")
        #expect(try keepPlanned(fixture, files, at: Self.noon.addingTimeInterval(180)) == .init(runs: 1, rows: 0))
        #expect(try fixture.store.planningCount().lastCustomers == 1)
        let afterUnsubscribe = try plannedRows(fixture)
        #expect(afterUnsubscribe.keys.sorted() == ["nima", "sara"])
        #expect(afterUnsubscribe["sara"] == planned["sara"] && afterUnsubscribe["nima"] == planned["nima"])

        // A reload with another template re-plans everyone.
        let vip = try birthdayFiles(template: "birthday-vip")
        #expect(try keepPlanned(fixture, vip, at: Self.noon.addingTimeInterval(240)) == .init(runs: 1, rows: 2))
        #expect(try fixture.store.planningCount() == PlanningCount(runs: 3, lastCustomers: nil, lastDays: Self.days))
        #expect(try plannedRows(fixture).values.map(\.template) == ["birthday-vip", "birthday-vip"])

        // An import re-plans everyone; the new customer gets a row.
        try fixture.store.importSession(commit: true, recordedBy: "plan-once tests") { session in
            try session.changesEveryonesPlan(reason: "import")
            let leila = scripted("leila", nil)
            _ = try session.upsert(leila)
            let optIn = ConsentObservation(status: .optedIn, occurredAt: Self.noon, source: "checkout checkbox")
            _ = try session.observeConsent(optIn, email: leila.email, customerID: leila.id)
        }
        #expect(try keepPlanned(fixture, vip, at: Self.noon.addingTimeInterval(300)) == .init(runs: 1, rows: 3))
        #expect(try fixture.store.planningCount().lastCustomers == nil)
        #expect(try plannedRows(fixture).keys.sorted() == ["leila", "nima", "sara"])

        // Tomorrow's UTC day brings 11 May into range: only that day is planned.
        #expect(try keepPlanned(fixture, vip, at: instant("2026-05-10T00:00:00Z")) == .init(runs: 1, rows: 0))
        #expect(try fixture.store.planningCount().lastDays == ["2026-05-11"])
        #expect(try keepPlanned(fixture, vip, at: instant("2026-05-10T00:30:00Z")) == .init())
    }

    /// A forgotten customer's planned rows go with them; a customer changed outside an import is
    /// re-planned by themselves.
    @Test func forgettingACustomerDeletesTheirPlanAndAChangedCustomerIsRePlanned() throws {
        let fixture = try PlannerFixture(["sara", "omid"].map { scripted($0, nil) })
        let files = try birthdayFiles()
        #expect(try keepPlanned(fixture, files, at: Self.noon) == .init(runs: 1, rows: 2))
        _ = try fixture.store.forget(email: scripted("omid", nil).email)
        #expect(try plannedRows(fixture).keys.sorted() == ["sara"], "the forget deletes the plan in its own transaction")
        try fixture.store.importSession(commit: true, recordedBy: "plan-once tests") { session in
            var moved = scripted("sara", nil)
            moved.birthday = try CalendarDate(parsing: "1990-05-11", in: .gregorian)
            _ = try session.upsert(moved)
        }
        #expect(try keepPlanned(fixture, files, at: Self.noon.addingTimeInterval(60)) == .init(runs: 1, rows: 0))
        #expect(try fixture.store.planningCount().lastCustomers == 1)
        #expect(try plannedRows(fixture).isEmpty, "her birthday moved to 11 May, out of range")
    }

    /// `keepsake preview` plans with the ledger as history: a day the daemon planned shows its plan.
    @Test func aPreviewOfAPlannedDayShowsWhatTheDaemonPlanned() throws {
        let fixture = try PlannerFixture(["sara", "omid"].map { scripted($0, nil) })
        let files = try birthdayFiles()
        _ = try keepPlanned(fixture, files, at: Self.noon)
        let planner = Planner(
            calendar: files.calendar, campaigns: files.campaigns, store: fixture.store, history: LedgerHistory(store: fixture.store))
        let previewed = try planner.plan(now: Self.noon.addingTimeInterval(600), days: day("2026-05-10")...day("2026-05-10"))
        let ledger = try plannedRows(fixture).values.map { "\($0.customerID ?? "-") \($0.day) planned \($0.sendAt)" }
        #expect(previewed.map { "\($0.customerID) \($0.day) \($0.statusText) \($0.sendAt)" }.sorted() == ledger.sorted())
        #expect(ledger.count == 2)
    }

    private func keepPlanned(_ fixture: PlannerFixture, _ files: CampaignFiles, at now: Date) throws -> DayPlanner.Outcome {
        try DayPlanner(files: files, store: fixture.store, batchSize: 2, exitAfterBatch: nil).keepPlanned(now: now)
    }
}

/// The birthday campaign (Asia/Tehran, 10:00–20:00) with the repository's templates.
func birthdayFiles(template: String = "birthday", grace: Int = 0) throws -> CampaignFiles {
    let campaigns = [campaign("birthday", birthday(), grace: grace, segments: [("everyone", nil, template)])]
    return CampaignFiles(calendar: rules(), campaigns: campaigns, composer: try sampleComposer(campaigns))
}

/// The ledger's `planned` rows, due or not, by customer (one each in these tests).
func plannedRows(_ fixture: PlannerFixture) throws -> [String: LedgerDelivery] {
    let rows = try fixture.store.deliveries(customerIDs: ["sara", "omid", "nima", "leila"]).filter { $0.status == .planned }
    return Dictionary(rows.map { ($0.customerID ?? "-", $0) }, uniquingKeysWith: { first, _ in first })
}
