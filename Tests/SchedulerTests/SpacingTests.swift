import Calendars
import Campaigns
import Foundation
import Store
import Testing
@testable import Scheduler
import PlannerTestSupport

/// The caps across days (weekly, monthly, days between mails), a campaign's cooldown and the
/// customer's own cap, over March 2026: Eid al-Fitr 1447 on the 20th, Nowruz 1405 on the 21st
/// and Sara's birthday on the 22nd, one mail a day.
@Suite struct SpacingTests {
    private let eid = campaign("eid", .yearlyOn(month: 10, day: 1, calendar: .islamicUmmAlQura, overrides: [:]), grace: 1)
    private let nowruz = campaign("nowruz", .yearlyOn(month: 1, day: 1, calendar: .persian, overrides: [:]), grace: 2)
    private let sara = customer("sara", timeZone: "Asia/Tehran", birthday: "1990-03-22")
    private let start = instant("2026-03-19T00:00:00+03:30")
    private let days = day("2026-03-19")...day("2026-03-31")

    private func campaigns(birthdayGrace: Int) -> [Campaign] {
        [campaign("birthday", birthday(), grace: birthdayGrace), nowruz, eid]
    }

    @Test func theWeeklyCapHoldsTheThirdMailUntilTheSevenDaysHoldRoomAgain() throws {
        let fixture = try PlannerFixture([sara])
        let planner = fixture.planner(campaigns(birthdayGrace: 6), calendar: rules(spacing: SpacingRules(maxPerWeek: 2)))
        let deliveries = try planner.plan(now: start, days: days)
        #expect(rows(deliveries) == [
            "birthday sara 2026-03-27 planned 2026-03-27T10:00:00+03:30",
            "eid sara 2026-03-20 planned 2026-03-20T10:00:00+03:30",
            "nowruz sara 2026-03-21 planned 2026-03-21T10:00:00+03:30",
        ])
        let held = try #require(deliveries.first { $0.campaignID == "birthday" })
        let weekly = HoldReason.spacing(SpacingHold(rule: .week(2), lastDay: day("2026-03-21"), lastCampaignID: "nowruz"))
        #expect(held.deferrals == (22...26).map { Deferral(day: day("2026-03-\($0)"), reason: weekly) })
    }

    @Test func withoutEnoughGraceTheCappedMailIsDroppedAndExplainSaysWhy() throws {
        let fixture = try PlannerFixture([sara])
        let planner = fixture.planner(campaigns(birthdayGrace: 1), calendar: rules(spacing: SpacingRules(maxPerWeek: 2)))
        #expect(rows(try planner.plan(now: start, days: days)).first
            == "birthday sara 2026-03-23 dropped (held back by the weekly cap (last mail 2026-03-21, nowruz)) 2026-03-23T10:00:00+03:30")
        let explained = try planner.explain(customer: "sara", date: day("2026-03-22"), now: start).map(\.description)
        #expect(explained.first
            == "birthday: held back by the weekly cap (last mail 2026-03-21, nowruz); deferred to a later day of its grace")
    }

    @Test func daysBetweenMailsHoldBackAndOnTheFreeDayPriorityDecides() throws {
        let fixture = try PlannerFixture([sara])
        let planner = fixture.planner(campaigns(birthdayGrace: 1), calendar: rules(spacing: SpacingRules(minDaysBetween: 3)))
        #expect(rows(try planner.plan(now: start, days: days)) == [
            "birthday sara 2026-03-23 planned 2026-03-23T10:00:00+03:30",
            "eid sara 2026-03-20 planned 2026-03-20T10:00:00+03:30",
            "nowruz sara 2026-03-23 dropped (capped by birthday) 2026-03-23T10:00:00+03:30",
        ])
        let explained = try planner.explain(customer: "sara", date: day("2026-03-21"), now: start).map(\.description)
        #expect(explained.contains(
            "nowruz: held back: at least 3 days between mails (last 2026-03-20, eid); deferred to a later day of its grace"))
    }

    @Test func aCooldownLooksBackOnTheLedgerBeforePlanningStarts() throws {
        let lapsed = customer("omid", timeZone: "Asia/Tehran", lastOrder: "2026-02-19T12:00:00+03:30", ordersCount: 1)
        let fixture = try PlannerFixture([lapsed])
        let earlier = HandedOverDelivery(
            occurrence: OccurrenceID(campaignID: "winback", customerID: "omid", date: day("2026-01-30")),
            day: day("2026-02-01"), status: .sent)
        let winback = { (cooldown: Int) in
            campaign("winback", .after(field: .lastOrderAt, days: 30), grace: 3, cooldown: cooldown)
        }
        let held = fixture.planner([winback(60)], history: InMemoryDeliveryHistory([earlier]))
        #expect(rows(try held.plan(now: start, days: days)) == [
            "winback omid 2026-03-24 dropped (held back by winback's 60-day cooldown (last 2026-02-01)) 2026-03-24T10:00:00+03:30",
        ])
        // 48 days after the last one: a 45-day cooldown has passed.
        let free = fixture.planner([winback(45)], history: InMemoryDeliveryHistory([earlier]))
        #expect(rows(try free.plan(now: start, days: days)) == ["winback omid 2026-03-21 planned 2026-03-21T10:00:00+03:30"])
    }

    @Test func inDoubtDeliveriesCountAgainstTheCapsAndFailedOnesDoNot() throws {
        let fixture = try PlannerFixture([sara])
        let history = InMemoryDeliveryHistory([
            HandedOverDelivery(occurrence: OccurrenceID(campaignID: "offer", customerID: "sara", date: day("2026-03-17")),
                               day: day("2026-03-17"), status: .inDoubt),
            HandedOverDelivery(occurrence: OccurrenceID(campaignID: "sale", customerID: "sara", date: day("2026-03-18")),
                               day: day("2026-03-18"), status: .failed),
        ])
        let planner = fixture.planner(
            campaigns(birthdayGrace: 1), calendar: rules(spacing: SpacingRules(maxPerWeek: 2)), history: history)
        #expect(rows(try planner.plan(now: start, days: days)) == [
            "birthday sara 2026-03-23 dropped (held back by the weekly cap (last mail 2026-03-20, eid)) 2026-03-23T10:00:00+03:30",
            "eid sara 2026-03-20 planned 2026-03-20T10:00:00+03:30",
            "nowruz sara 2026-03-23 dropped (held back by the weekly cap (last mail 2026-03-20, eid)) 2026-03-23T10:00:00+03:30",
        ])
    }

    @Test func theCustomersOwnCapAppliesWhenStricterThanTheCalendars() throws {
        let reza = customer("reza", timeZone: "Asia/Tehran", birthday: "1990-03-22")
        let fixture = try PlannerFixture([sara, reza])
        let planner = fixture.planner(
            campaigns(birthdayGrace: 1), calendar: rules(spacing: SpacingRules(maxPerWeek: 2)),
            frequencyCaps: InMemoryFrequencyCaps(["sara": .oncePerMonth, "reza": CustomerFrequencyCap(mails: 10, days: 30)!]))
        let planned = try planner.plan(now: start, days: days)
        let choice = "held back by the customer's choice of at most 1 mail per 30 days (last mail 2026-03-20, eid)"
        #expect(rows(planned.filter { $0.customerID == "sara" }) == [
            "birthday sara 2026-03-23 dropped (\(choice)) 2026-03-23T10:00:00+03:30",
            "eid sara 2026-03-20 planned 2026-03-20T10:00:00+03:30",
            "nowruz sara 2026-03-23 dropped (\(choice)) 2026-03-23T10:00:00+03:30",
        ])
        // Reza's own cap is looser than the calendar's: the weekly cap applies.
        #expect(rows(planned.filter { $0.customerID == "reza" }) == [
            "birthday reza 2026-03-23 dropped (held back by the weekly cap (last mail 2026-03-21, nowruz)) 2026-03-23T10:00:00+03:30",
            "eid reza 2026-03-20 planned 2026-03-20T10:00:00+03:30",
            "nowruz reza 2026-03-21 planned 2026-03-21T10:00:00+03:30",
        ])
    }

    @Test("the preference centre's stored \"at most one mail a month\" is the customer's own cap, with no cap given to the planner")
    func theStoredMonthlyChoiceIsTheCustomersCap() throws {
        let fixture = try PlannerFixture([sara])
        let outcome = try fixture.store.recordPreferences(
            customerID: "sara", PreferenceChoices(topicsKept: [], topics: [], frequency: .monthly), ip: nil,
            reference: "planner tests", occurredAt: instant("2026-03-01T00:00:00Z"), recordedBy: "planner tests")
        guard case .recorded(_, let events) = outcome else { Issue.record("\(outcome)"); return }
        #expect(events.count == 1)
        let planned = try fixture.planner(campaigns(birthdayGrace: 1)).plan(now: start, days: days)
        let choice = "held back by the customer's choice of at most 1 mail per 30 days (last mail 2026-03-20, eid)"
        #expect(rows(planned) == [
            "birthday sara 2026-03-23 dropped (\(choice)) 2026-03-23T10:00:00+03:30",
            "eid sara 2026-03-20 planned 2026-03-20T10:00:00+03:30",
            "nowruz sara 2026-03-23 dropped (\(choice)) 2026-03-23T10:00:00+03:30",
        ])
    }

    @Test(arguments: [
        SpacingHold.Rule.week(2), .month(4), .daysBetween(3), .cooldown(campaignID: "winback-1", days: 60),
        .customer(.oncePerMonth),
    ])
    func aHoldSurvivesTheSendLedgersDroppedBy(rule: SpacingHold.Rule) {
        let lastCampaign = if case .cooldown(let id, _) = rule { id } else { "birthday" }
        let reason = HoldReason.spacing(SpacingHold(rule: rule, lastDay: day("2026-03-20"), lastCampaignID: lastCampaign))
        #expect(HoldReason(droppedBy: reason.droppedBy) == reason)
        #expect(HoldReason(droppedBy: "birthday") == .capped(by: "birthday"))
    }
}
