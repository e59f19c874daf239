import Calendars
import Campaigns
import Foundation
import Mail
import Store
import Testing
@testable import Scheduler
import PlannerTestSupport
import KeepsakeTestSupport

/// `keepsake preview` lists a day's mail with ``DeliveryComposer/listing(_:customer:)``, which
/// renders the subject alone: the subject and locale of the composed message, for any customer.
@Suite struct ListingTests {
    /// Seeded generated customers: every locale the samples have and some they lack, names with
    /// quotes and spaces, birthdays in three calendars, order histories.
    static func generatedCustomers(count: Int, seed: UInt64) -> [CustomerRecord] {
        var random = SeededRandom(seed: seed)
        let locales: [String?] = [nil, "", "en", "en-GB", "fa", "fa-IR", "fa-AF", "ar", "ar-SA", "de-DE"]
        let names: [String?] = [nil, "Sara", "سارا", "Ali \"the\" Shop", " ", "O'Brien", "محمد\u{200C}رضا"]
        let calendars: [CalendarSystem] = [.gregorian, .persian, .islamicUmmAlQura]
        return (0..<count).map { index in
            let calendar = calendars[random.next(below: 3)]
            let birthday: String = switch calendar {
            case .gregorian: "1990-03-21"
            case .persian: "1369-01-01"
            case .islamicUmmAlQura: "1410-09-01"
            }
            var record = customer(
                String(format: "c%05d", index), timeZone: ["Asia/Tehran", "Asia/Riyadh", "Europe/Berlin"][random.next(below: 3)],
                calendar: calendar, birthday: birthday,
                firstOrder: random.next(below: 2) == 0 ? "2021-03-21T09:00:00Z" : nil,
                lastOrder: random.next(below: 2) == 0 ? "2026-03-14T09:00:00Z" : nil,
                ordersCount: random.next(below: 7), totalSpent: Decimal(random.next(below: 300_000)) / 100,
                locale: locales[random.next(below: locales.count)], country: ["IR", "SA", "DE", nil][random.next(below: 4)],
                tags: random.next(below: 5) == 0 ? ["vip"] : [])
            record.firstName = names[random.next(below: names.count)]
            return record
        }
    }

    @Test func aListingShowsTheSubjectAndLocaleOfTheComposedMessage() throws {
        let customers = Self.generatedCustomers(count: 300, seed: 16)
        let fixture = try PlannerFixture(customers)
        let campaigns = [
            campaign("birthday", birthday(), grace: 1),
            campaign("nowruz", .yearlyOn(month: 1, day: 1, calendar: .persian, overrides: [:]), grace: 2),
            campaign("feedback", .after(field: .lastOrderAt, days: 7), grace: 2),
        ]
        let composer = try sampleComposer(campaigns)
        let records = Dictionary(uniqueKeysWithValues: customers.map { ($0.id, $0) })
        let deliveries = try fixture.planner(campaigns).plan(
            now: instant("2026-03-21T00:00:00Z"), days: day("2026-03-21")...day("2026-03-22"))
        #expect(deliveries.count > 100)
        for delivery in deliveries {
            let record = try #require(records[delivery.customerID])
            let listed = try composer.listing(delivery, customer: record)
            let composed = try composer.compose(delivery, customer: record)
            #expect(listed.subject == composed.rendered.subject && listed.locale == composed.rendered.locale,
                    "\(delivery.campaignID) \(delivery.customerID) \(delivery.locale)")
            #expect(listed == (try composer.compose(delivery, customer: record, encode: false)).rendered)
        }
    }

    /// A subject that reads every variable (the link and the coupon's code included, which a
    /// listing derives only when its subject shows them) lists as the composed message's subject.
    @Test func aSubjectReadingEveryVariableListsAsComposed() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("keepsake-listing-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.copyItem(at: TestSupportPaths.repositoryRoot.appendingPathComponent("templates"), to: folder)
        let subject = "{{first_name}} {{last_name}} {{email}} {{locale}} {{country}} {{calendar}} {{birthday}} "
            + "{{orders_count}} {{total_spent}} {{currency}} {{#tags}}{{.}},{{/tags}} {{campaign.id}} {{campaign.name}} "
            + "{{segment}} {{years}} {{age}} {{coupon.code}} {{coupon.percent}} {{coupon.valid_until}} {{unsubscribe_url}} "
            + "{{shop.name}} {{shop.address}} {{shop.url}} {{today}} {{occasion}} {{dir}} {{lang}} "
            + "{{#coupon}}{{code}} {{email}}{{/coupon}}"
        for template in ["nowruz", "birthday"] {
            for locale in ["en", "fa", "ar"] {
                try subject.write(to: folder.appendingPathComponent("\(template)/\(locale)/subject.mustache"), atomically: true, encoding: .utf8)
            }
        }
        let customers = Self.generatedCustomers(count: 120, seed: 7)
        var nowruz = campaign("nowruz", .yearlyOn(month: 1, day: 1, calendar: .persian, overrides: [:]), grace: 2)
        nowruz.coupon = Coupon(prefix: "NOWRUZ", percent: 15, validDays: 13)
        let campaigns = [campaign("birthday", birthday(), grace: 1), nowruz]
        let composer = try sampleComposer(campaigns, templates: folder.path)
        let records = Dictionary(uniqueKeysWithValues: customers.map { ($0.id, $0) })
        let deliveries = try PlannerFixture(customers).planner(campaigns).plan(
            now: instant("2026-03-21T00:00:00Z"), days: day("2026-03-21")...day("2026-03-21"))
        #expect(deliveries.count > 30)
        for delivery in deliveries {
            let record = try #require(records[delivery.customerID])
            let listed = try composer.listing(delivery, customer: record)
            #expect(listed.subject == (try composer.compose(delivery, customer: record)).rendered.subject)
            #expect(listed.subject.contains("https://shop.example/u") && listed.subject.contains(delivery.campaignID))
            #expect(composer.listingShowsCoupon(delivery))
        }
    }
}
