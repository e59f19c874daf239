import Calendars
import Campaigns
import Foundation
import Mail
import Store
import Testing
@testable import Scheduler
import PlannerTestSupport

/// `keepsake explain`: one verdict per campaign, in priority order.
@Suite struct ExplainTests {
    private let nowruz = Trigger.yearlyOn(month: 1, day: 1, calendar: .persian, overrides: [:])
    private let vipOnly: [(String, String?, String)] = [("vip", "tags contains \"vip\"", "vip")]

    /// The start of a day in Tehran, the customers' time zone.
    private func morning(_ date: String) -> Date {
        instant("\(date)T00:00:00+03:30")
    }

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
        let explanations = try planner.explain(customer: "sara", date: day("2026-03-21"), now: morning("2026-03-21"))
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
        #expect(try planner.explain(customer: "sara@shop.example", date: day("2026-03-21"), now: morning("2026-03-21")).map(\.description) == [
            "birthday: no consent (latest event opted_out)",
            "nowruz: no consent (latest event opted_out)",
        ])
        let never = try PlannerFixture([customer("ali", timeZone: "Asia/Tehran")], consent: ["ali": []])
        #expect(try never.planner([campaign("nowruz", nowruz)]).explain(customer: "ali", date: day("2026-03-21"), now: morning("2026-03-21"))
            .map(\.description) == ["nowruz: no consent (no consent event)"])
    }

    @Test func aCappedCampaignWithoutGraceIsDroppedAndTheNextBirthdayIsNamed() throws {
        let fixture = try PlannerFixture([customer("sara", timeZone: "Asia/Tehran", birthday: "1990-03-21")])
        let planner = fixture.planner([campaign("nowruz", nowruz), campaign("birthday", birthday())])
        #expect(try planner.explain(customer: "sara", date: day("2026-03-21"), now: morning("2026-03-21")).map(\.description) == [
            "nowruz: due: everyone segment, template nowruz, at 2026-03-21T10:00:00+03:30",
            "birthday: capped by nowruz; dropped (its grace ends that day)",
        ])
        #expect(try planner.explain(customer: "sara", date: day("2026-03-22"), now: morning("2026-03-22")).map(\.description) == [
            "nowruz: trigger not due; next due 2027-03-21",
            "birthday: trigger not due; next due 2027-03-21",
        ])
    }

    @Test func aBlackoutIsNamed() throws {
        let fixture = try PlannerFixture([customer("sara", timeZone: "Asia/Tehran", birthday: "1990-03-21")])
        let planner = fixture.planner([campaign("birthday", birthday())],
                                      calendar: rules(blackout: [BlackoutPeriod(day: day("2026-03-21"))]))
        #expect(try planner.explain(customer: "sara", date: day("2026-03-21"), now: morning("2026-03-21")).map(\.description)
            == ["birthday: blackout; dropped (its grace ends that day)"])
    }

    @Test func anUnknownCustomerIsAnErrorNamingIt() throws {
        let fixture = try PlannerFixture([])
        let error = #expect(throws: PlannerError.self) {
            try fixture.planner([]).explain(customer: "c-404", date: day("2026-03-21"), now: morning("2026-03-21"))
        }
        #expect(error?.code == .unknownCustomer)
        #expect(error?.message.contains("c-404") == true)
    }

    @Test func explainGivesThePreviewsVerdictFromTheSameInstant() throws {
        // Birthday and Nowruz fall on the same day; the birthday comes first, Nowruz waits a day.
        let fixture = try PlannerFixture([customer("sara", timeZone: "Asia/Tehran", birthday: "1990-03-21")])
        let planner = fixture.planner([campaign("birthday", birthday(), grace: 1), campaign("nowruz", nowruz, grace: 1)])
        let now = instant("2026-03-20T00:00:00Z")
        #expect(rows(try planner.plan(now: now, days: day("2026-03-21")...day("2026-03-22"), customerID: "sara")) == [
            "birthday sara 2026-03-21 planned 2026-03-21T10:00:00+03:30",
            "nowruz sara 2026-03-22 planned 2026-03-22T10:00:00+03:30",
        ])
        #expect(try planner.explain(customer: "sara", date: day("2026-03-22"), now: now).map(\.description) == [
            "birthday: planned on 2026-03-21 (due 2026-03-21), not on this day",
            "nowruz: due: everyone segment, template nowruz, at 2026-03-22T10:00:00+03:30",
        ])
        // A day that ends before planning starts is refused, as preview refuses it.
        let error = #expect(throws: PlannerError.self) {
            try planner.explain(customer: "sara", date: day("2026-03-18"), now: now)
        }
        #expect(error?.code == .invalidRange)
    }

    @Test func aSuppressedCustomerIsNamedAsSuppressedWithTheReason() throws {
        let fixture = try PlannerFixture([customer("sara", timeZone: "Asia/Tehran", birthday: "1990-03-21")])
        try fixture.store.suppress(
            email: try EmailAddress("sara@shop.example"), reason: "asked by phone", recordedBy: "keepsake suppression add",
            now: instant("2026-03-01T08:00:00Z"))
        let planner = fixture.planner([campaign("birthday", birthday()), campaign("nowruz", nowruz)])
        #expect(try planner.explain(customer: "sara", date: day("2026-03-21"), now: morning("2026-03-21")).map(\.description) == [
            "birthday: suppressed since 2026-03-01T08:00:00Z by keepsake suppression add, reason asked by phone; "
                + "no mail whatever its consent (keepsake suppression remove lifts it)",
            "nowruz: suppressed since 2026-03-01T08:00:00Z by keepsake suppression add, reason asked by phone; "
                + "no mail whatever its consent (keepsake suppression remove lifts it)",
        ])
    }

    @Test func aDroppedDeliveryInTheLedgerIsExplainedWithItsReason() throws {
        let fixture = try PlannerFixture([customer("sara", timeZone: "Asia/Tehran", birthday: "1990-03-21")])
        let occurrence = OccurrenceID(campaignID: "nowruz", customerID: "sara", date: day("2026-03-21"))
        let history = InMemoryDeliveryHistory([
            HandedOverDelivery(occurrence: occurrence, day: day("2026-03-21"), status: .dropped, dropReason: .capped(by: "birthday")),
        ])
        let planner = fixture.planner([campaign("nowruz", nowruz)], history: history)
        #expect(try planner.explain(customer: "sara", date: day("2026-03-21"), now: morning("2026-03-21")).map(\.description)
            == ["nowruz: already dropped (capped by birthday) on 2026-03-21"])
        #expect(HoldReason(droppedBy: HoldReason.blackout.droppedBy) == .blackout)
        #expect(HoldReason(droppedBy: HoldReason.windowClosed.droppedBy) == .windowClosed)
        #expect(HoldReason(droppedBy: "birthday") == .capped(by: "birthday"))
    }
}
