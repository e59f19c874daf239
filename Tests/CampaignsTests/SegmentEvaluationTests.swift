import Calendars
import Foundation
import Testing
@testable import Campaigns

/// What conditions mean for a customer: missing values, tags, lists, dates, derived fields.
@Suite("Segment evaluation")
struct SegmentEvaluationTests {
    func matches(_ source: String, _ values: [SegmentField: SegmentValue]) throws -> Bool {
        try SegmentCondition(parsing: source).matches(SegmentFieldValues(values))
    }

    func date(_ text: String) throws -> SegmentValue { .date(try LocalDate(parsing: text)) }

    @Test func comparisonWithAMissingValueIsFalse() throws {
        for source in ["total_spent >= 0", "total_spent < 0", "total_spent = 5", "total_spent != 5",
                       "country in [\"IR\"]", "country not in [\"IR\"]", "tags contains \"vip\"", "first_name contains \"a\""] {
            #expect(try !matches(source, [:]), "\(source)")
        }
    }

    @Test func notOfAMissingComparisonIsTrue() throws {
        #expect(try matches("not total_spent >= 0", [:]))
        #expect(try matches("not (country = \"IR\")", [:]))
    }

    @Test func emptyTextAndEmptyTagsCountAsMissing() throws {
        #expect(try !matches("exists first_name", [.firstName: .text("")]))
        #expect(try !matches("first_name != \"Sara\"", [.firstName: .text("")]))
        #expect(try !matches("exists tags", [.tags: .list([])]))
        #expect(try matches("exists tags", [.tags: .list(["vip"])]))
    }

    @Test func numbers() throws {
        let values: [SegmentField: SegmentValue] = [.totalSpent: .number(Decimal(string: "999.99")!), .ordersCount: .number(5)]
        #expect(try !matches("total_spent >= 1000", values))
        #expect(try matches("total_spent >= 999.99", values))
        #expect(try matches("total_spent > 999.98 and total_spent < 1000", values))
        #expect(try matches("orders_count = 5.0", values))
        #expect(try matches("orders_count != 4", values))
        #expect(try matches("orders_count in [1, 5, 9]", values))
        #expect(try matches("orders_count not in [1, 9]", values))
        #expect(try !matches("orders_count not in [5]", values))
    }

    @Test func dates() throws {
        let values = [SegmentField.lastOrderAt: try date("2026-03-21")]
        #expect(try matches("last_order_at = 2026-03-21", values))
        #expect(try matches("last_order_at < 2026-03-22 and last_order_at > 2026-03-20", values))
        #expect(try matches("last_order_at >= 2026-03-21 and last_order_at <= 2026-03-21", values))
        #expect(try !matches("last_order_at < 2025-12-31", values))
        #expect(try matches("last_order_at in [2026-03-20, 2026-03-21]", values))
    }

    @Test func tagsContainWholeTagsExactly() throws {
        let values: [SegmentField: SegmentValue] = [.tags: .list(["vip", "newsletter"])]
        #expect(try matches("tags contains \"vip\"", values))
        #expect(try matches("tags contains 'newsletter'", values))
        #expect(try !matches("tags contains \"news\"", values))
        #expect(try !matches("tags contains \"VIP\"", values))
        #expect(try matches("not tags contains \"wholesale\"", values))
    }

    @Test func textContainsAPart() throws {
        #expect(try matches("email contains \"@gmail.\"", [.email: .text("sara@gmail.com")]))
        #expect(try !matches("email contains \"@yahoo.\"", [.email: .text("sara@gmail.com")]))
    }

    @Test func textComparisonsAreExact() throws {
        let values: [SegmentField: SegmentValue] = [.country: .text("IR"), .locale: .text("fa-IR")]
        #expect(try matches("country = \"IR\"", values))
        #expect(try matches("country in [\"AF\", \"IR\"]", values))
        #expect(try matches("locale != \"fa\"", values))
        #expect(try matches("country not in [\"AE\"]", values))
    }

    @Test func attributesAreReadAsNumbersOrDatesWhenComparedSo() throws {
        let values: [SegmentField: SegmentValue] = [
            .attribute("points"): .text("150"), .attribute("joined"): .text("2024-05-01"), .attribute("tier"): .text("gold"),
        ]
        #expect(try matches("attributes.points > 100", values))
        #expect(try !matches("attributes.points > 200", values))
        #expect(try matches("attributes.joined < 2025-01-01", values))
        #expect(try matches("attributes.tier = \"gold\"", values))
        #expect(try !matches("attributes.tier > 5", values))
        #expect(try !matches("attributes.missing = \"x\"", values))
        #expect(try matches("exists attributes.tier and not exists attributes.missing", values))
    }

    @Test func derivedFields() throws {
        let values: [SegmentField: SegmentValue] = [
            .daysSinceLastOrder: .number(181), .daysSinceFirstOrder: .number(700), .age: .number(31),
            .recency: .number(2), .frequency: .number(5), .monetary: .number(4),
        ]
        #expect(try matches("days_since_last_order >= 180 and days_since_first_order > 365", values))
        #expect(try matches("age >= 18 and age < 65", values))
        #expect(try matches("recency <= 2 and (frequency = 5 or monetary = 5)", values))
        #expect(try !matches("recency >= 3", values))
    }

    @Test func existsUsesTheSubjectsPresence() throws {
        struct BirthdayWithoutYear: SegmentSubject {
            func value(of field: SegmentField) -> SegmentValue? { nil }
            func hasValue(_ field: SegmentField) -> Bool { field == .birthday }
        }
        let condition = try SegmentCondition(parsing: "exists birthday and not birthday < 2000-01-01")
        #expect(condition.matches(BirthdayWithoutYear()))
    }

    @Test func precedenceDecidesTheResult() throws {
        // With and over or this is true; read left to right it would be false.
        let values: [SegmentField: SegmentValue] = [.ordersCount: .number(1)]
        #expect(try matches("orders_count = 1 or orders_count = 2 and orders_count = 3", values))
        #expect(try !matches("(orders_count = 1 or orders_count = 2) and orders_count = 3", values))
    }
}
