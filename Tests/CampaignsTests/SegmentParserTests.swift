import Calendars
import Foundation
import Testing
@testable import Campaigns

/// How conditions are read: precedence, grouping, literals, and the fields they use.
@Suite("Segment parser")
struct SegmentParserTests {
    func parse(_ source: String) throws -> SegmentExpression {
        try SegmentCondition(parsing: source).expression
    }

    let one = SegmentExpression.comparison(.ordersCount, .equal, .number(1))
    let two = SegmentExpression.comparison(.ordersCount, .equal, .number(2))
    let three = SegmentExpression.comparison(.ordersCount, .equal, .number(3))

    @Test func andBindsTighterThanOr() throws {
        #expect(try parse("orders_count = 1 or orders_count = 2 and orders_count = 3") == .or(one, .and(two, three)))
        #expect(try parse("orders_count = 1 and orders_count = 2 or orders_count = 3") == .or(.and(one, two), three))
    }

    @Test func notBindsTighterThanAnd() throws {
        #expect(try parse("not orders_count = 1 and orders_count = 2") == .and(.not(one), two))
        #expect(try parse("not not orders_count = 1") == .not(.not(one)))
    }

    @Test func parenthesesGroup() throws {
        #expect(try parse("(orders_count = 1 or orders_count = 2) and orders_count = 3") == .and(.or(one, two), three))
        #expect(try parse("not (orders_count = 1 or orders_count = 2)") == .not(.or(one, two)))
        #expect(try parse("((orders_count = 1))") == one)
    }

    @Test func sameOperatorsGroupToTheLeft() throws {
        #expect(try parse("orders_count = 1 or orders_count = 2 or orders_count = 3") == .or(.or(one, two), three))
    }

    @Test func keywordsInAnyCase() throws {
        #expect(try parse("orders_count = 1 OR Not orders_count = 2") == .or(one, .not(two)))
    }

    @Test func everyOperator() throws {
        for comparison in ComparisonOperator.allCases {
            #expect(try parse("total_spent \(comparison.rawValue) 19.99") == .comparison(.totalSpent, comparison, .number(Decimal(string: "19.99")!)))
        }
        #expect(try parse("total_spent>=1000") == .comparison(.totalSpent, .greaterOrEqual, .number(1000)))
        #expect(try parse("days_since_last_order > -1") == .comparison(.daysSinceLastOrder, .greater, .number(-1)))
    }

    @Test func literals() throws {
        #expect(try parse("first_name = \"Sara\"") == .comparison(.firstName, .equal, .text("Sara")))
        #expect(try parse("first_name = 'Sara'") == .comparison(.firstName, .equal, .text("Sara")))
        #expect(try parse("first_name = 'O\\'Brien'") == .comparison(.firstName, .equal, .text("O'Brien")))
        #expect(try parse("first_name = \"سارا\"") == .comparison(.firstName, .equal, .text("سارا")))
        let date = try LocalDate(parsing: "2026-01-31")
        #expect(try parse("last_order_at < 2026-01-31") == .comparison(.lastOrderAt, .less, .date(date)))
    }

    @Test func membershipAndContains() throws {
        #expect(try parse("country in [\"IR\", 'AE']") == .membership(.country, [.text("IR"), .text("AE")], negated: false))
        #expect(try parse("country not in [\"IR\"]") == .membership(.country, [.text("IR")], negated: true))
        #expect(try parse("tags contains \"vip\"") == .contains(.tags, .text("vip")))
        #expect(try parse("email contains \"@gmail.com\"") == .contains(.email, .text("@gmail.com")))
        #expect(try parse("exists birthday and not exists last_order_at") == .and(.exists(.birthday), .not(.exists(.lastOrderAt))))
    }

    @Test func attributesTakeAnyName() throws {
        #expect(try parse("attributes.city = \"Shiraz\"") == .comparison(.attribute("city"), .equal, .text("Shiraz")))
        #expect(try parse("attributes.loyalty-points >= 100") == .comparison(.attribute("loyalty-points"), .greaterOrEqual, .number(100)))
    }

    @Test func everyNamedFieldIsKnownByItsName() {
        for field in SegmentField.named {
            #expect(SegmentField(name: field.name) == field)
        }
        #expect(SegmentField.named.count == 21)
    }

    @Test func fieldsInOrderOfFirstUse() throws {
        let condition = try SegmentCondition(parsing: "recency >= 4 and (tags contains \"vip\" or recency = 5) and exists attributes.city")
        #expect(condition.fields == [.recency, .tags, .attribute("city")])
    }

    @Test func typoGivesTheFieldItMeant() throws {
        let error = try #require(throws: SegmentError.self) { try SegmentCondition(parsing: "total_spent > 5 and totl_spent >= 1000") }
        #expect(error.code == .unknownField)
        #expect(error.message == "unknown field 'totl_spent' (did you mean total_spent?)")
        #expect(error.offset == 20)
        #expect(error.excerpt(of: "total_spent > 5 and totl_spent >= 1000") == [
            "total_spent > 5 and totl_spent >= 1000",
            "                    ^",
        ])
    }

    @Test func offsetsCountUnicodeScalars() throws {
        let source = "first_name = \"سارا\" and frist_name = \"x\""
        let error = try #require(throws: SegmentError.self) { try SegmentCondition(parsing: source) }
        #expect(error.offset == 24)
        #expect(error.message.contains("did you mean first_name?"))
    }
}
