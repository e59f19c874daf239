import Calendars
import Campaigns
import Foundation
import KeepsakeTestSupport
import Mail
import Store
import Templates
import Testing
@testable import Scheduler
import PlannerTestSupport

/// A delivery that goes out on another day than its occasion (held back by the daily cap, or
/// early with `days_before`) names the occasion's own date, and counts ages and years to it.
@Suite struct OccasionTests {
    private let nowruz = Trigger.yearlyOn(month: 1, day: 1, calendar: .persian, overrides: [:])
    private let start = instant("2026-03-20T00:00:00+03:30")
    private let days = day("2026-03-20")...day("2026-03-24")

    /// Born on 1 Farvardin, so the birthday takes Nowruz 1405's only slot (2026-03-21, jdatetime)
    /// and the Nowruz mail goes out on 2 Farvardin (2026-03-22).
    private func bornOnNowruz(_ id: String, locale: String, calendar: CalendarSystem) -> CustomerRecord {
        var record = customer(id, timeZone: "Asia/Tehran", calendar: calendar,
                              birthday: calendar == .persian ? "1369-01-01" : "1990-03-21", locale: locale)
        record.firstName = "Sara"
        return record
    }

    private func heldBackNowruz(_ record: CustomerRecord) throws -> (PlannedDelivery, DeliveryComposer.ComposedDelivery) {
        let fixture = try PlannerFixture([record])
        let campaigns = [campaign("birthday", birthday()), campaign("nowruz", nowruz, grace: 2)]
        let deliveries = try fixture.planner(campaigns).plan(now: start, days: days)
        let held = try #require(deliveries.first { $0.campaignID == "nowruz" })
        #expect(held.day == day("2026-03-22") && held.occurrence.date == day("2026-03-21"))
        return (held, try sampleComposer(campaigns).compose(held, customer: record))
    }

    @Test func aNowruzMailHeldBackADayNamesNowruzNotTheSendingDay() throws {
        let (_, persian) = try heldBackNowruz(bornOnNowruz("sara", locale: "fa-IR", calendar: .persian))
        for part in [persian.rendered.html, persian.rendered.text] {
            #expect(part.contains("۱ فروردین ۱۴۰۵"))
            #expect(!part.contains("۲ فروردین ۱۴۰۵") && !part.contains("امروز"))
        }
        let (_, english) = try heldBackNowruz(bornOnNowruz("anna", locale: "en", calendar: .gregorian))
        for part in [english.rendered.html, english.rendered.text] {
            #expect(part.contains("21 March 2026"))
            #expect(!part.contains("22 March 2026") && !part.contains("Today"))
        }
    }

    @Test func theContextHasTheSendingDayAsTodayAndTheOccasionApart() throws {
        let record = bornOnNowruz("sara", locale: "fa-IR", calendar: .persian)
        let (held, _) = try heldBackNowruz(record)
        let context = try sampleComposer([]).renderContext(held, customer: record, oneClick: nil)
        #expect(context.today == day("2026-03-22"))
        #expect(context.occasion == day("2026-03-21"))
        // Born 1 Farvardin 1369: 36 on Nowruz 1405, whichever day the mail goes out.
        #expect(context.age == 36)
    }

    @Test func aBirthdayMailSentEarlyCountsTheAgeTheCustomerTurns() throws {
        let record = customer("omid", timeZone: "Asia/Tehran", birthday: "2008-03-24", locale: "en")
        let fixture = try PlannerFixture([record])
        let campaigns = [campaign("birthday", birthday(daysBefore: 3))]
        let planned = try #require(try fixture.planner(campaigns).plan(now: start, days: days).first)
        #expect(planned.day == day("2026-03-21") && planned.occurrence.date == day("2026-03-24"))
        let context = try sampleComposer(campaigns).renderContext(planned, customer: record, oneClick: nil)
        // 17 on the sending day, 18 on the birthday the mail is about.
        #expect(context.age == 18)
        #expect(context.occasion == day("2026-03-24") && context.today == day("2026-03-21"))
    }

    @Test func anAnniversaryHeldBackPastNewYearKeepsItsYearAndDate() throws {
        let record = customer("leila", timeZone: "Asia/Tehran", birthday: "1990-12-31",
                              firstOrder: "2020-12-31T12:00:00+03:30", ordersCount: 3, locale: "en")
        let fixture = try PlannerFixture([record])
        let campaigns = [campaign("birthday", birthday()),
                         campaign("anniversary", .yearly(field: .firstOrderAt, daysBefore: 0, leapDay: .feb28), grace: 2)]
        let deliveries = try fixture.planner(campaigns).plan(
            now: instant("2026-12-30T00:00:00+03:30"), days: day("2026-12-30")...day("2027-01-03"))
        let held = try #require(deliveries.first { $0.campaignID == "anniversary" })
        #expect(held.day == day("2027-01-01") && held.years == 6)
        let composed = try sampleComposer(campaigns).compose(held, customer: record)
        for part in [composed.rendered.html, composed.rendered.text] {
            #expect(part.contains("31 December 2026") && part.contains("6"))
            #expect(!part.contains("1 January 2027") && !part.contains("Today"))
        }
    }
}
