import Calendars
import Campaigns
import Foundation
import Store
import Testing
@testable import Scheduler
import PlannerTestSupport

/// The store reads only a day's candidates through its indexes; the planner narrows them.
@Suite struct CandidateQueryTests {
    @Test func theBirthdayKeysOfTheLastDayOfFebruaryIncludeTheLeapDayInACommonYear() throws {
        let fixture = try PlannerFixture([
            customer("feb28", birthday: "1990-02-28"), customer("feb29", birthday: "2000-02-29"),
            customer("mar01", birthday: "1990-03-01"), customer("persian", calendar: .persian, birthday: "1370-12-09"),
        ])
        let keys = CandidateFilters.monthDayKeys(.gregorian, events: day("2027-02-28")...day("2027-02-28"), leapDay: .feb28)
        #expect(keys == [228, 229])
        let found = try fixture.store.readForPlanning { reader in
            try reader.customers(.birthday(calendar: .gregorian, monthDays: keys)).map(\.id)
        }
        #expect(found == ["feb28", "feb29"])
        let mar1 = CandidateFilters.monthDayKeys(.gregorian, events: day("2027-03-01")...day("2027-03-01"), leapDay: .mar1)
        #expect(mar1 == [301, 229])
    }

    @Test func aBirthdayCampaignQueriesItsMonthDaysInEveryCalendarAndADatedOneEveryoneOnlyOnItsDay() throws {
        let now = instant("2026-03-21T00:00:00+03:30")
        let birthdayFilters = CandidateFilters.filters(
            for: [campaign("birthday", birthday())], now: now, lastDay: day("2026-03-21"))
        #expect(birthdayFilters.count == CalendarSystem.allCases.count)
        #expect(!birthdayFilters.contains(.everyone))
        // From the day before the UTC day of `now` (19 March, 28 Esfand) through 21 March (1 Farvardin),
        // with 30 Esfand observed on 29 Esfand in the common year 1404.
        #expect(birthdayFilters.contains(.birthday(calendar: .persian, monthDays: [1228, 1229, 1230, 101])))
        #expect(birthdayFilters.contains(.birthday(calendar: .gregorian, monthDays: [319, 320, 321])))
        let nowruz = campaign("nowruz", .yearlyOn(month: 1, day: 1, calendar: .persian, overrides: [:]))
        #expect(CandidateFilters.filters(for: [nowruz], now: now, lastDay: day("2026-03-21")) == [.everyone])
        let later = instant("2026-04-10T00:00:00+03:30")
        #expect(CandidateFilters.filters(for: [nowruz], now: later, lastDay: day("2026-04-10")).isEmpty)
        let winback = campaign("winback", .after(field: .lastOrderAt, days: 180))
        // Due 8–10 April (from the day before the UTC day), less 180 days, a day's margin each side.
        #expect(CandidateFilters.filters(for: [winback], now: later, lastDay: day("2026-04-10"))
            == [.lastOrderDate(from: day("2025-10-09"), through: day("2025-10-13"))])
    }

    @Test func everyoneIsStreamedInBatches() throws {
        let fixture = try PlannerFixture((1...7).map { customer("c\($0)") })
        var sizes: [Int] = []
        try fixture.store.readForPlanning { reader in
            try reader.customers(.everyone, batchSize: 3) { sizes.append($0.count) }
        }
        #expect(sizes == [3, 3, 1])
    }

    @Test func consentIsReadInBulkAsEachAddresssLatestEvent() throws {
        let customers = [customer("in"), customer("out"), customer("back"), customer("none")]
        let fixture = try PlannerFixture(
            customers, consent: ["out": [.optedIn, .optedOut], "back": [.optedOut, .optedIn], "none": []])
        let consent = try fixture.store.readForPlanning { try $0.consent(of: customers) }
        #expect(consent == ["in": .optedIn, "out": .optedOut, "back": .optedIn])
    }

    @Test func rfmScoresAreQuintilesOverTheStore() throws {
        // Ten buyers spending 100…1000; the top two quintiles score 4 and 5.
        let buyers = (1...10).map { index in
            customer("b\(index)", timeZone: "Asia/Tehran", birthday: "1990-03-21",
                     lastOrder: "2026-01-\(10 + index)", ordersCount: index, totalSpent: Decimal(index * 100))
        }
        let fixture = try PlannerFixture(buyers)
        let segments: [(String, String?, String)] = [("best", "monetary >= 4 and frequency >= 4 and recency >= 4", "b")]
        let deliveries = try fixture.planner([campaign("birthday", birthday(), segments: segments)])
            .plan(now: instant("2026-03-20T00:00:00+03:30"), days: day("2026-03-21")...day("2026-03-21"))
        #expect(deliveries.map(\.customerID).sorted() == ["b10", "b7", "b8", "b9"])
    }

    @Test func aCustomerWithoutAZoneIsFoundByTheirAnniversaryInTheCalendarsZone() throws {
        // Stored with UTC keys (the 20th); in Tehran the first order was on the 21st.
        let fixture = try PlannerFixture([customer("late", firstOrder: "2024-03-20T21:00:00Z", ordersCount: 1)])
        let anniversary = campaign("anniversary", .yearly(field: .firstOrderAt, daysBefore: 0, leapDay: .feb28))
        let deliveries = try fixture.planner([anniversary])
            .plan(now: instant("2026-03-19T00:00:00+03:30"), days: day("2026-03-20")...day("2026-03-21"))
        #expect(rows(deliveries) == ["anniversary late 2026-03-21 planned 2026-03-21T10:00:00+03:30"])
    }
}

/// A campaign for everyone reads only the customers its segments can match.
@Suite struct SegmentNarrowingTests {
    private let nowruz = Trigger.yearlyOn(month: 1, day: 1, calendar: .persian, overrides: [:])
    private let persianSegments: [(String, String?, String)] = [
        ("persian-calendar", "calendar = \"persian\" or country in [\"IR\", \"AF\"]", "nowruz"),
    ]

    @Test func aSegmentOnCalendarAndCountryBecomesAStoreFilter() throws {
        let filters = CandidateFilters.filters(
            for: [campaign("nowruz", nowruz, segments: persianSegments)],
            now: instant("2026-03-21T00:00:00+03:30"), lastDay: day("2026-03-21"))
        #expect(filters == [.anyOf([.textIn(.calendar, ["persian"]), .textIn(.country, ["IR", "AF"])])])
    }

    @Test(arguments: [
        ("orders_count >= 1", false), ("not country = \"IR\"", false), ("country = \"IR\" and orders_count >= 1", true),
        ("country = \"IR\" or orders_count >= 1", false), ("locale in [\"fa\", \"fa-IR\"]", true),
    ])
    func onlyConditionsThatCanOnlyMatchByColumnNarrow(condition: String, narrows: Bool) throws {
        let segments: [(String, String?, String)] = [("one", condition, "t")]
        #expect((SegmentNarrowing.filter(for: campaign("c", nowruz, segments: segments)) != nil) == narrows)
        #expect(SegmentNarrowing.filter(for: campaign("c", nowruz, segments: segments + [("all", nil, "t")])) == nil)
    }

    @Test func theNarrowedScanPlansExactlyWhatTheFullOneWould() throws {
        let fixture = try PlannerFixture([
            customer("persian", timeZone: "Asia/Tehran", calendar: .persian),
            customer("iran", timeZone: "Asia/Tehran", country: "IR"),
            customer("london", timeZone: "Europe/London", country: "GB"),
            customer("birthday", timeZone: "Europe/London", birthday: "1990-03-21", country: "GB"),
            customer("winback", timeZone: "Europe/London", lastOrder: "2025-09-22", ordersCount: 1, country: "GB"),
        ])
        let campaigns = [
            campaign("nowruz", nowruz, segments: persianSegments), campaign("birthday", birthday()),
            campaign("winback", .after(field: .lastOrderAt, days: 180)),
        ]
        let deliveries = try fixture.planner(campaigns, calendar: rules(maxPerDay: 3))
            .plan(now: instant("2026-03-20T00:00:00Z"), days: day("2026-03-21")...day("2026-03-21"))
        #expect(deliveries.map { "\($0.campaignID) \($0.customerID)" }.sorted()
            == ["birthday birthday", "nowruz iran", "nowruz persian", "winback winback"])
        let scanned = try fixture.store.readForPlanning { reader in
            try reader.customers(.anyOf([.textIn(.country, ["IR"]), .birthday(calendar: .gregorian, monthDays: [321])]))
        }
        #expect(scanned.map(\.id) == ["birthday", "iran"])
    }
}
