import Calendars
import Campaigns
import Foundation
import Store
import Testing
@testable import Scheduler
import PlannerTestSupport

/// Due dates are the customer's local dates; the window opens at 10:00 on their own clock.
@Suite struct TimeZoneTests {
    @Test func birthdaysGoOutAtTenOnEachCustomersOwnClock() throws {
        let zones = ["Pacific/Kiritimati", "Pacific/Pago_Pago", "Asia/Kathmandu", "America/St_Johns", "Australia/Lord_Howe"]
        let fixture = try PlannerFixture(zones.enumerated().map { index, zone in
            customer("c\(index)", timeZone: zone, birthday: "1990-03-21")
        })
        let planner = fixture.planner([campaign("birthday", birthday())])
        let deliveries = try planner.plan(now: instant("2026-03-19T12:00:00Z"), days: day("2026-03-21")...day("2026-03-21"))
        #expect(rows(deliveries) == [
            "birthday c0 2026-03-21 planned 2026-03-21T10:00:00+14:00",
            "birthday c1 2026-03-21 planned 2026-03-21T10:00:00-11:00",
            "birthday c2 2026-03-21 planned 2026-03-21T10:00:00+05:45",
            "birthday c3 2026-03-21 planned 2026-03-21T10:00:00-02:30",
            "birthday c4 2026-03-21 planned 2026-03-21T10:00:00+11:00",
        ])
    }

    @Test func aCustomerWithoutATimeZoneUsesTheCalendars() throws {
        let fixture = try PlannerFixture([customer("tehran", birthday: "1990-03-21")])
        let deliveries = try fixture.planner([campaign("birthday", birthday())])
            .plan(now: instant("2026-03-19T12:00:00Z"), days: day("2026-03-21")...day("2026-03-21"))
        #expect(rows(deliveries) == ["birthday tehran 2026-03-21 planned 2026-03-21T10:00:00+03:30"])
    }

    @Test func theSameOrderInstantIsADifferentLocalDayEitherSideOfTheDateLine() throws {
        // 2026-03-01T11:30Z is 01:30 on 2 March in Kiritimati and 00:30 on 1 March in Pago Pago.
        let order = "2026-03-01T11:30:00Z"
        let fixture = try PlannerFixture([
            customer("east", timeZone: "Pacific/Kiritimati", lastOrder: order, ordersCount: 1),
            customer("west", timeZone: "Pacific/Pago_Pago", lastOrder: order, ordersCount: 1),
        ])
        let planner = fixture.planner([campaign("feedback", .after(field: .lastOrderAt, days: 7))])
        let deliveries = try planner.plan(now: instant("2026-03-05T00:00:00Z"), days: day("2026-03-08")...day("2026-03-09"))
        #expect(rows(deliveries) == [
            "feedback east 2026-03-09 planned 2026-03-09T10:00:00+14:00",
            "feedback west 2026-03-08 planned 2026-03-08T10:00:00-11:00",
        ])
        #expect(Set(deliveries.map(\.occurrence.date)) == [day("2026-03-01"), day("2026-03-02")])
    }

    @Test func theWindowOpensAtTenAcrossDaylightSavingChanges() throws {
        // St John's springs forward on 8 March 2026 (-03:30 to -02:30); Lord Howe falls back half
        // an hour on 5 April 2026 (+11:00 to +10:30).
        let fixture = try PlannerFixture([
            customer("before", timeZone: "America/St_Johns", birthday: "1990-03-07"),
            customer("after", timeZone: "America/St_Johns", birthday: "1990-03-08"),
            customer("howe-before", timeZone: "Australia/Lord_Howe", birthday: "1990-04-04"),
            customer("howe-after", timeZone: "Australia/Lord_Howe", birthday: "1990-04-05"),
        ])
        let planner = fixture.planner([campaign("birthday", birthday())])
        let march = try planner.plan(now: instant("2026-03-01T00:00:00Z"), days: day("2026-03-07")...day("2026-03-08"))
        #expect(rows(march) == [
            "birthday after 2026-03-08 planned 2026-03-08T10:00:00-02:30",
            "birthday before 2026-03-07 planned 2026-03-07T10:00:00-03:30",
        ])
        let april = try planner.plan(now: instant("2026-04-01T00:00:00Z"), days: day("2026-04-04")...day("2026-04-05"))
        #expect(rows(april) == [
            "birthday howe-after 2026-04-05 planned 2026-04-05T10:00:00+10:30",
            "birthday howe-before 2026-04-04 planned 2026-04-04T10:00:00+11:00",
        ])
    }

    @Test func aWindowOpeningInTheSpringForwardGapOpensWhenTheGapEnds() throws {
        let fixture = try PlannerFixture([customer("gap", timeZone: "America/St_Johns", birthday: "1990-03-08")])
        let planner = fixture.planner([campaign("birthday", birthday())], calendar: rules(window: (2, 20), opensMinute: 15))
        let deliveries = try planner.plan(now: instant("2026-03-01T00:00:00Z"), days: day("2026-03-08")...day("2026-03-08"))
        // 02:15 does not exist on 8 March in St John's: clocks jump from 02:00 to 03:00.
        #expect(rows(deliveries) == ["birthday gap 2026-03-08 planned 2026-03-08T03:00:00-02:30"])
    }
}
