import Calendars
import Campaigns
import Foundation
import Store
import Testing
@testable import Scheduler

/// `keepsake explain`: one verdict per campaign, in priority order.
@Suite struct ExplainTests {
    private let nowruz = Trigger.yearlyOn(month: 1, day: 1, calendar: .persian, overrides: [:])
    private let vipOnly: [(String, String?, String)] = [("vip", "tags contains \"vip\"", "vip")]

    @Test func everyVerdictForOneCustomerOnOneDay() throws {
        let fixture = try PlannerFixture([customer("sara", timeZone: "Asia/Tehran", birthday: "1990-03-21")])
        let sent = OccurrenceID(campaignID: "sent", customerID: "sara", date: day("2026-03-21"))
        let history = InMemoryDeliveryHistory([HandedOverDelivery(occurrence: sent, day: day("2026-03-21"), status: .sent)])
        let planner = fixture.planner([
            campaign("off", birthday(), enabled: false),
            campaign("ended", birthday(), end: day("2026-03-01")),
            campaign("sent", birthday()),
            campaign("vip", birthday(), segments: vipOnly),
            campaign("birthday", birthday()),
            campaign("nowruz", nowruz, grace: 1),
            campaign("dated", .date(day("2026-11-27"))),
            campaign("feedback", .after(field: .lastOrderAt, days: 7)),
        ], calendar: rules(maxPerDay: 2), history: history)
        let explanations = try planner.explain(customer: "sara", date: day("2026-03-21"))
        #expect(explanations.map(\.description) == [
            "off: disabled (enabled: false)",
            "ended: not running that day (start: -, end: 2026-03-01)",
            "sent: already sent on 2026-03-21",
            "vip: no segment matched",
            "birthday: due: everyone segment, template birthday, at 2026-03-21T10:00:00+03:30",
            "nowruz: capped by sent; deferred to a later day of its grace",
            "dated: trigger not due; next due 2026-11-27",
            "feedback: trigger not due; never due again",
        ])
    }

    @Test func withoutConsentEveryDueCampaignSaysSo() throws {
        let fixture = try PlannerFixture(
            [customer("sara", timeZone: "Asia/Tehran", birthday: "1990-03-21")], consent: ["sara": [.optedIn, .optedOut]])
        let planner = fixture.planner([campaign("birthday", birthday()), campaign("nowruz", nowruz)])
        #expect(try planner.explain(customer: "sara@shop.example", date: day("2026-03-21")).map(\.description) == [
            "birthday: no consent (latest event opted_out)",
            "nowruz: no consent (latest event opted_out)",
        ])
        let never = try PlannerFixture([customer("ali", timeZone: "Asia/Tehran")], consent: ["ali": []])
        #expect(try never.planner([campaign("nowruz", nowruz)]).explain(customer: "ali", date: day("2026-03-21"))
            .map(\.description) == ["nowruz: no consent (no consent event)"])
    }

    @Test func aCappedCampaignWithoutGraceIsDroppedAndTheNextBirthdayIsNamed() throws {
        let fixture = try PlannerFixture([customer("sara", timeZone: "Asia/Tehran", birthday: "1990-03-21")])
        let planner = fixture.planner([campaign("nowruz", nowruz), campaign("birthday", birthday())])
        #expect(try planner.explain(customer: "sara", date: day("2026-03-21")).map(\.description) == [
            "nowruz: due: everyone segment, template nowruz, at 2026-03-21T10:00:00+03:30",
            "birthday: capped by nowruz; dropped (its grace ends that day)",
        ])
        #expect(try planner.explain(customer: "sara", date: day("2026-03-22")).map(\.description) == [
            "nowruz: trigger not due; next due 2027-03-21",
            "birthday: trigger not due; next due 2027-03-21",
        ])
    }

    @Test func aBlackoutIsNamed() throws {
        let fixture = try PlannerFixture([customer("sara", timeZone: "Asia/Tehran", birthday: "1990-03-21")])
        let planner = fixture.planner([campaign("birthday", birthday())],
                                      calendar: rules(blackout: [BlackoutPeriod(day: day("2026-03-21"))]))
        #expect(try planner.explain(customer: "sara", date: day("2026-03-21")).map(\.description)
            == ["birthday: blackout; dropped (its grace ends that day)"])
    }

    @Test func anUnknownCustomerIsAnErrorNamingIt() throws {
        let fixture = try PlannerFixture([])
        let error = #expect(throws: PlannerError.self) {
            try fixture.planner([]).explain(customer: "c-404", date: day("2026-03-21"))
        }
        #expect(error?.code == .unknownCustomer)
        #expect(error?.message.contains("c-404") == true)
    }
}
