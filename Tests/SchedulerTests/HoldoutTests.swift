import Calendars
import Campaigns
import Foundation
import Store
import Testing
@testable import Scheduler
import PlannerTestSupport

/// `holdout:` keeps a deterministic share of the eligible deliveries from being mailed; a held-out
/// delivery takes its cap slot, and preview and explain say so.
@Suite struct HoldoutTests {
    private let nowruz = Trigger.yearlyOn(month: 1, day: 1, calendar: .persian, overrides: [:])
    private let start = instant("2026-03-20T00:00:00+03:30")
    private let nowruzDay = day("2026-03-21")...day("2026-03-21")
    /// Customers born on Nowruz 1405 (2026-03-21), so birthday and nowruz fall on the same day.
    private static let customers = (0..<2_000).map {
        customer(String(format: "c%04d", $0), timeZone: "Asia/Tehran", birthday: "1990-03-21")
    }

    /// The ids held out of `campaignID`.
    private func heldOut(_ deliveries: [PlannedDelivery], _ campaignID: String) -> Set<String> {
        Set(deliveries.filter { $0.campaignID == campaignID && $0.status == .heldOut }.map(\.customerID))
    }

    @Test func theShareIsDeterministicAndWithinTheBinomialBound() throws {
        let fixture = try PlannerFixture(Self.customers)
        let campaigns = [campaign("birthday", birthday(), holdoutBasisPoints: 1_000),
                         campaign("nowruz", nowruz, holdoutBasisPoints: 1_000)]
        let first = try fixture.planner(campaigns, calendar: rules(maxPerDay: 2)).plan(now: start, days: nowruzDay)
        let again = try fixture.planner(campaigns, calendar: rules(maxPerDay: 2)).plan(now: start, days: nowruzDay)
        #expect(first == again)
        // n = 2,000, p = 0.1: mean 200, standard deviation √(2000·0.1·0.9) ≈ 13.4; 5 deviations either side.
        let birthdayHeldOut = heldOut(first, "birthday")
        let nowruzHeldOut = heldOut(first, "nowruz")
        #expect((133...267).contains(birthdayHeldOut.count), "held out of birthday: \(birthdayHeldOut.count)")
        #expect((133...267).contains(nowruzHeldOut.count), "held out of nowruz: \(nowruzHeldOut.count)")
        // The campaign is part of the draw: the two groups overlap as independent draws do
        // (p = 0.01: mean 20, deviation ≈ 4.4), not wholly.
        let both = birthdayHeldOut.intersection(nowruzHeldOut).count
        #expect((0...42).contains(both), "held out of both: \(both)")
        // Everyone else is planned.
        #expect(first.count == 4_000)
        #expect(first.filter { $0.status == .planned }.count == 4_000 - birthdayHeldOut.count - nowruzHeldOut.count)
    }

    @Test func theOccurrenceDateIsPartOfTheDraw() throws {
        let ids = Self.customers.map(\.id)
        let thisYear = ids.filter { HoldoutDecision(basisPoints: 1_000).holdsOut(.init(campaignID: "birthday", customerID: $0, date: day("2026-03-21"))) }
        let nextYear = ids.filter { HoldoutDecision(basisPoints: 1_000).holdsOut(.init(campaignID: "birthday", customerID: $0, date: day("2027-03-21"))) }
        #expect(Set(thisYear) != Set(nextYear))
        #expect(Set(thisYear).intersection(nextYear).count <= 42)
        #expect(ids.allSatisfy { !HoldoutDecision(basisPoints: 0).holdsOut(.init(campaignID: "birthday", customerID: $0, date: day("2026-03-21"))) })
    }

    @Test func aHeldOutDeliveryTakesItsCapSlot() throws {
        let fixture = try PlannerFixture(Array(Self.customers.prefix(400)))
        let planner = fixture.planner([campaign("birthday", birthday(), holdoutBasisPoints: 5_000), campaign("nowruz", nowruz)])
        let deliveries = try planner.plan(now: start, days: nowruzDay)
        let held = heldOut(deliveries, "birthday")
        #expect(!held.isEmpty && held.count < 400)
        for delivery in deliveries where delivery.campaignID == "nowruz" {
            // One per day: birthday took the day whether it mails the customer or holds them out.
            #expect(delivery.status == .dropped(.capped(by: "birthday")), "\(delivery.customerID)")
        }
        let one = try #require(deliveries.first { held.contains($0.customerID) && $0.campaignID == "birthday" })
        #expect(one.statusText == "held out")
    }

    @Test func explainNamesTheHoldout() throws {
        let fixture = try PlannerFixture(Array(Self.customers.prefix(200)))
        let planner = fixture.planner([campaign("birthday", birthday(), holdoutBasisPoints: 5_000)])
        let deliveries = try planner.plan(now: start, days: nowruzDay)
        let held = try #require(heldOut(deliveries, "birthday").sorted().first)
        let mailed = try #require(deliveries.first { $0.status == .planned }?.customerID)
        #expect(try planner.explain(customer: held, date: day("2026-03-21"), now: start).map(\.description) == [
            "birthday: held out: everyone segment, not mailed (the campaign's holdout; it takes the day's cap slot)",
        ])
        #expect(try planner.explain(customer: mailed, date: day("2026-03-21"), now: start).map(\.description) == [
            "birthday: due: everyone segment, template birthday, at 2026-03-21T10:00:00+03:30",
        ])
    }
}
