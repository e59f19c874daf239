import Calendars
import Campaigns
import Foundation
import Store
import Testing
@testable import Scheduler
import PlannerTestSupport

/// Who receives what: consent, segment order, anniversaries, win-backs and occurrence identity.
@Suite struct AudienceTests {
    private let start = instant("2026-03-20T00:00:00+03:30")
    private let birthdayDay = day("2026-03-21")...day("2026-03-21")

    @Test(arguments: [
        ([ConsentStatus.optedIn], true), ([], false), ([.optedOut], false),
        ([.optedIn, .optedOut], false), ([.optedOut, .optedIn], true),
    ])
    func onlyAnAddressWhoseLatestEventIsOptedInReceivesMail(events: [ConsentStatus], receives: Bool) throws {
        let fixture = try PlannerFixture(
            [customer("sara", timeZone: "Asia/Tehran", birthday: "1990-03-21")], consent: ["sara": events])
        let deliveries = try fixture.planner([campaign("birthday", birthday())]).plan(now: start, days: birthdayDay)
        #expect(deliveries.map(\.customerID) == (receives ? ["sara"] : []))
    }

    @Test func theFirstMatchingSegmentWinsAndACustomerMatchingNoneGetsNothing() throws {
        let segments: [(String, String?, String)] = [
            ("vip", "tags contains \"vip\" or (total_spent >= 1000 and orders_count >= 5)", "birthday-vip"),
            ("buyers", "orders_count >= 1", "birthday"),
        ]
        let fixture = try PlannerFixture([
            customer("tagged", timeZone: "Asia/Tehran", birthday: "1990-03-21", ordersCount: 1, tags: ["vip"]),
            customer("big", timeZone: "Asia/Tehran", birthday: "1990-03-21", ordersCount: 5, totalSpent: 1000),
            customer("small", timeZone: "Asia/Tehran", birthday: "1990-03-21", ordersCount: 1, totalSpent: 10),
            customer("never", timeZone: "Asia/Tehran", birthday: "1990-03-21"),
        ])
        let deliveries = try fixture.planner([campaign("birthday", birthday(), segments: segments)])
            .plan(now: start, days: birthdayDay)
        #expect(deliveries.map { "\($0.customerID) \($0.segment) \($0.template)" }.sorted()
            == ["big vip birthday-vip", "small buyers birthday", "tagged vip birthday-vip"])
    }

    @Test func derivedFieldsAreComputedForTheDueDay() throws {
        let segments: [(String, String?, String)] = [("adults", "age >= 36 and days_since_last_order >= 30", "b")]
        let fixture = try PlannerFixture([
            customer("36", timeZone: "Asia/Tehran", birthday: "1990-03-21", lastOrder: "2026-02-19", ordersCount: 1),
            customer("35", timeZone: "Asia/Tehran", birthday: "1991-03-21", lastOrder: "2026-02-19", ordersCount: 1),
            customer("recent", timeZone: "Asia/Tehran", birthday: "1990-03-21", lastOrder: "2026-02-20", ordersCount: 1),
        ])
        let deliveries = try fixture.planner([campaign("birthday", birthday(), segments: segments)])
            .plan(now: start, days: birthdayDay)
        #expect(deliveries.map(\.customerID) == ["36"])
    }

    @Test func anniversariesStartInYearOneAndNeverOnTheFirstOrderDay() throws {
        let fixture = try PlannerFixture([
            customer("new", timeZone: "Asia/Tehran", firstOrder: "2026-03-21T08:00:00Z", ordersCount: 1),
            customer("old", timeZone: "Asia/Tehran", firstOrder: "2023-03-21T08:00:00Z", ordersCount: 3),
            // 21:00 UTC on the 20th is already the 21st in Tehran.
            customer("late", timeZone: "Asia/Tehran", firstOrder: "2024-03-20T21:00:00Z", ordersCount: 2),
        ])
        let anniversary = campaign("anniversary", .yearly(field: .firstOrderAt, daysBefore: 0, leapDay: .feb28))
        let deliveries = try fixture.planner([anniversary]).plan(now: start, days: birthdayDay)
        #expect(deliveries.map { "\($0.customerID) \($0.years ?? 0) \($0.occurrence.date)" }.sorted()
            == ["late 2 2026-03-21", "old 3 2026-03-21"])
    }

    @Test func aPersianCustomersAnniversaryIsInThePersianCalendar() throws {
        // First order on 1 Farvardin 1403 (2024-03-20); 1 Farvardin 1405 is 2026-03-21 (jdatetime).
        let fixture = try PlannerFixture([
            customer("persian", timeZone: "Asia/Tehran", calendar: .persian, firstOrder: "2024-03-20", ordersCount: 1),
        ])
        let anniversary = campaign("anniversary", .yearly(field: .firstOrderAt, daysBefore: 0, leapDay: .feb28))
        let deliveries = try fixture.planner([anniversary]).plan(now: start, days: birthdayDay)
        #expect(deliveries.map { "\($0.day) \($0.years ?? 0)" } == ["2026-03-21 2"])
    }

    @Test func aNewOrderStartsANewWinBack() throws {
        let winback = campaign("winback", .after(field: .lastOrderAt, days: 180))
        let lapsed = customer("lapsed", timeZone: "Asia/Tehran", lastOrder: "2025-09-22", ordersCount: 1)
        let fixture = try PlannerFixture([lapsed])
        var history = InMemoryDeliveryHistory()
        let first = try fixture.planner([winback], history: history).plan(now: start, days: birthdayDay)
        #expect(rows(first) == ["winback lapsed 2026-03-21 planned 2026-03-21T10:00:00+03:30"])
        history.record(HandedOverDelivery(occurrence: first[0].occurrence, day: first[0].day, status: .sent))
        #expect(try fixture.planner([winback], history: history).plan(now: start, days: birthdayDay).map(\.status)
            == [.handedOver(.sent)])

        var ordered = lapsed
        ordered.lastOrderAt = .date(day("2026-03-01"))
        try fixture.store.importSession(commit: true, recordedBy: "test") { _ = try $0.upsert(ordered) }
        let planner = fixture.planner([winback], history: history)
        #expect(try planner.plan(now: start, days: birthdayDay).isEmpty)
        let next = try planner.plan(now: start, days: day("2026-08-28")...day("2026-08-28"))
        #expect(next.map(\.occurrence.date) == [day("2026-03-01")])
    }

    @Test func editingDaysBeforeNeverCausesASecondSend() throws {
        let fixture = try PlannerFixture([customer("sara", timeZone: "Asia/Tehran", birthday: "1990-03-21")])
        let onTheDay = try fixture.planner([campaign("birthday", birthday())]).plan(now: start, days: birthdayDay)
        let history = InMemoryDeliveryHistory(onTheDay.map {
            HandedOverDelivery(occurrence: $0.occurrence, day: $0.day, status: .sent)
        })
        let early = fixture.planner([campaign("birthday", birthday(daysBefore: 3))], history: history)
        let wholeMonth = day("2026-03-01")...day("2026-03-31")
        let replanned = try early.plan(now: instant("2026-03-01T00:00:00+03:30"), days: wholeMonth)
        #expect(replanned.map(\.status) == [.handedOver(.sent)])
        #expect(replanned.map(\.occurrence) == onTheDay.map(\.occurrence))
        #expect(try fixture.planner([campaign("birthday", birthday(daysBefore: 3))])
            .plan(now: instant("2026-03-01T00:00:00+03:30"), days: wholeMonth).map(\.day) == [day("2026-03-18")])
    }

    @Test func deliveriesInTheLedgerUseTheirDaysCapButARejectedOneDoesNot() throws {
        let fixture = try PlannerFixture([customer("sara", timeZone: "Asia/Tehran", birthday: "1990-03-21")])
        let other = OccurrenceID(campaignID: "newsletter", customerID: "sara", date: day("2026-03-21"))
        for (status, expected) in [(HandedOverDelivery.Status.sent, "dropped (capped by newsletter)"),
                                   (.inDoubt, "dropped (capped by newsletter)"), (.failed, "planned")] {
            let history = InMemoryDeliveryHistory([HandedOverDelivery(occurrence: other, day: day("2026-03-21"), status: status)])
            let deliveries = try fixture.planner([campaign("birthday", birthday())], history: history)
                .plan(now: start, days: birthdayDay)
            #expect(deliveries.map(\.status.description) == [expected])
        }
    }
}
