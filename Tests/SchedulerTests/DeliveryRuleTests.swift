import Calendars
import Campaigns
import Foundation
import Store
import Testing
@testable import Scheduler
import PlannerTestSupport

/// The daily cap in priority order, blackouts, grace, catch-up, start and end, and the window.
@Suite struct DeliveryRuleTests {
    private let nowruz = Trigger.yearlyOn(month: 1, day: 1, calendar: .persian, overrides: [:])
    /// A Tehran customer born on Nowruz 1405 (2026-03-21), so two campaigns are due the same day.
    private let sara = customer("sara", timeZone: "Asia/Tehran", birthday: "1990-03-21")
    private let start = instant("2026-03-20T00:00:00+03:30")
    private let days = day("2026-03-20")...day("2026-03-24")

    @Test func theEarlierCampaignWinsTheCapAndTheLaterMovesToTheNextDayOfItsGrace() throws {
        let fixture = try PlannerFixture([sara])
        let planner = fixture.planner([campaign("birthday", birthday()), campaign("nowruz", nowruz, grace: 2)])
        let deliveries = try planner.plan(now: start, days: days)
        #expect(rows(deliveries) == [
            "birthday sara 2026-03-21 planned 2026-03-21T10:00:00+03:30",
            "nowruz sara 2026-03-22 planned 2026-03-22T10:00:00+03:30",
        ])
        let moved = try #require(deliveries.first { $0.campaignID == "nowruz" })
        #expect(moved.deferrals == [Deferral(day: day("2026-03-21"), reason: .capped(by: "birthday"))])
        #expect(moved.dueDate == day("2026-03-21"))
    }

    @Test func withoutGraceTheLaterCampaignIsDroppedAndTheDropRecorded() throws {
        let fixture = try PlannerFixture([sara])
        let planner = fixture.planner([campaign("birthday", birthday()), campaign("nowruz", nowruz)])
        #expect(rows(try planner.plan(now: start, days: days)) == [
            "birthday sara 2026-03-21 planned 2026-03-21T10:00:00+03:30",
            "nowruz sara 2026-03-21 dropped (capped by birthday) 2026-03-21T10:00:00+03:30",
        ])
    }

    @Test func priorityIsTheCalendarsOrderNotTheFilesOrTheNames() throws {
        let fixture = try PlannerFixture([sara])
        let planner = fixture.planner([campaign("nowruz", nowruz), campaign("birthday", birthday())])
        #expect(rows(try planner.plan(now: start, days: days)) == [
            "birthday sara 2026-03-21 dropped (capped by nowruz) 2026-03-21T10:00:00+03:30",
            "nowruz sara 2026-03-21 planned 2026-03-21T10:00:00+03:30",
        ])
    }

    @Test func twoPerDayLetsBothThrough() throws {
        let fixture = try PlannerFixture([sara])
        let planner = fixture.planner(
            [campaign("birthday", birthday()), campaign("nowruz", nowruz)], calendar: rules(maxPerDay: 2))
        #expect(try planner.plan(now: start, days: days).map(\.status) == [.planned, .planned])
    }

    @Test func aBlackoutDefersWithinGraceAndDropsWithout() throws {
        let fixture = try PlannerFixture([sara])
        let blackout = rules(blackout: [BlackoutPeriod(first: day("2026-03-21"), last: day("2026-03-22"))!])
        let planner = fixture.planner(
            [campaign("birthday", birthday(), grace: 2), campaign("nowruz", nowruz, grace: 1)], calendar: blackout)
        #expect(rows(try planner.plan(now: start, days: days)) == [
            "birthday sara 2026-03-23 planned 2026-03-23T10:00:00+03:30",
            "nowruz sara 2026-03-22 dropped (blackout) 2026-03-22T10:00:00+03:30",
        ])
    }

    @Test func aDeliveryStillWithinItsGraceAtTheStartIsPlannedOnTheFirstDay() throws {
        // Due 2026-03-21; planning starts on the 22nd with an empty ledger.
        let fixture = try PlannerFixture([sara])
        let later = instant("2026-03-22T00:00:00+03:30")
        let oneDay = day("2026-03-22")...day("2026-03-22")
        #expect(rows(try fixture.planner([campaign("birthday", birthday(), grace: 1)]).plan(now: later, days: oneDay))
            == ["birthday sara 2026-03-22 planned 2026-03-22T10:00:00+03:30"])
        #expect(try fixture.planner([campaign("birthday", birthday())]).plan(now: later, days: oneDay).isEmpty)
    }

    @Test func catchUpPlansAnOverdueOccurrenceOnceItsGraceHasPassed() throws {
        let fixture = try PlannerFixture([customer("lapsed", timeZone: "Asia/Tehran", lastOrder: "2024-01-10", ordersCount: 1)])
        let winback = Trigger.after(field: .lastOrderAt, days: 180)
        let oneDay = day("2026-03-22")...day("2026-03-22")
        let now = instant("2026-03-22T00:00:00+03:30")
        #expect(try fixture.planner([campaign("winback", winback, grace: 3)]).plan(now: now, days: oneDay).isEmpty)
        let caughtUp = try fixture.planner([campaign("winback", winback, grace: 3, catchUp: true)]).plan(now: now, days: oneDay)
        #expect(rows(caughtUp) == ["winback lapsed 2026-03-22 planned 2026-03-22T10:00:00+03:30"])
        #expect(caughtUp.map(\.occurrence.date) == [day("2024-01-10")])
    }

    @Test func aWindowAlreadyClosedMovesTheDeliveryOnOrDropsIt() throws {
        let fixture = try PlannerFixture([sara])
        let evening = instant("2026-03-21T20:30:00+03:30")
        let planner = fixture.planner([campaign("birthday", birthday()), campaign("nowruz", nowruz, grace: 1)])
        #expect(rows(try planner.plan(now: evening, days: days)) == [
            "birthday sara 2026-03-21 dropped (window closed) 2026-03-21T10:00:00+03:30",
            "nowruz sara 2026-03-22 planned 2026-03-22T10:00:00+03:30",
        ])
    }

    @Test func planningInsideTheWindowSendsAtOnce() throws {
        let fixture = try PlannerFixture([sara])
        let noon = instant("2026-03-21T12:15:00+03:30")
        #expect(rows(try fixture.planner([campaign("birthday", birthday())]).plan(now: noon, days: days))
            == ["birthday sara 2026-03-21 planned 2026-03-21T12:15:00+03:30"])
    }

    @Test func disabledAndOutsideStartOrEndPlanNothing() throws {
        let fixture = try PlannerFixture([sara])
        let campaigns = [
            campaign("off", birthday(), enabled: false),
            campaign("later", birthday(), start: day("2026-04-01")),
            campaign("ended", birthday(), end: day("2026-03-20")),
            campaign("bounded", birthday(), start: day("2026-03-21"), end: day("2026-03-21")),
        ]
        let planner = fixture.planner(campaigns, calendar: rules(maxPerDay: 4))
        #expect(rows(try planner.plan(now: start, days: days)) == ["bounded sara 2026-03-21 planned 2026-03-21T10:00:00+03:30"])
    }

    @Test func theLocaleIsTheCustomersElseTheCalendarsDefault() throws {
        let fixture = try PlannerFixture([
            customer("fa", timeZone: "Asia/Tehran", birthday: "1990-03-21", locale: "fa-IR"),
            customer("none", timeZone: "Asia/Tehran", birthday: "1990-03-21"),
        ])
        let deliveries = try fixture.planner([campaign("birthday", birthday())], calendar: rules(defaultLocale: "ar"))
            .plan(now: start, days: days)
        #expect(deliveries.map { "\($0.customerID) \($0.locale)" }.sorted() == ["fa fa-IR", "none ar"])
    }

    @Test func onlyTheRequestedDaysAreHandedOver() throws {
        let fixture = try PlannerFixture([sara])
        let planner = fixture.planner([campaign("birthday", birthday()), campaign("nowruz", nowruz, grace: 2)])
        let second = try planner.plan(now: start, days: day("2026-03-22")...day("2026-03-22"))
        #expect(rows(second) == ["nowruz sara 2026-03-22 planned 2026-03-22T10:00:00+03:30"])
        #expect(try planner.plan(now: start, days: days, campaignID: "birthday").map(\.campaignID) == ["birthday"])
        #expect(throws: PlannerError.self) { try planner.plan(now: start, days: days, campaignID: "birthdya") }
    }

    @Test func daysEndingBeforeNowAreAnErrorSayingWhatToAskFor() throws {
        let fixture = try PlannerFixture([sara])
        let error = #expect(throws: PlannerError.self) {
            try fixture.planner([campaign("birthday", birthday())]).plan(now: start, days: day("2025-03-21")...day("2025-03-21"))
        }
        #expect(error?.code == .invalidRange)
        #expect(error?.message.contains("2026-03-20T00:00:00+03:30") == true)
    }
}
