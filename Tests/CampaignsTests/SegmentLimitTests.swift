@testable import Campaigns
import Testing

/// Conditions past ``SegmentLimits`` are refused at the place that passes them, never by
/// exhausting the stack (while parsing, or later while matching customers).
@Suite("Segment condition limits")
struct SegmentLimitTests {
    private func refusal(_ source: String) -> SegmentError? {
        do {
            _ = try SegmentCondition(parsing: source)
            return nil
        } catch {
            return error
        }
    }

    @Test func twentyThousandNestedGroupsAreRefusedAtTheFirstPastTheLimit() throws {
        let source = String(repeating: "(", count: 20_000) + "total_spent >= 1" + String(repeating: ")", count: 20_000)
        let error = try #require(refusal(source))
        #expect(error.code == .limitExceeded)
        #expect(error.offset == SegmentLimits.maximumDepth)
        #expect(error.message.contains("more than 32 levels deep, the limit"))
    }

    @Test func anUnclosedGroupDeepInsideIsReportedAsUnclosed() throws {
        let source = String(repeating: "(", count: 50_000) + "total_spent >= 1" + String(repeating: ")", count: 49_999)
        #expect(refusal(source) == SegmentError(.syntax, "this ( is not closed; add ) at the end of its group", at: 0))
    }

    @Test func anExtraCloseDeepInsideIsReportedAtIt() throws {
        let source = String(repeating: "(", count: 100) + "total_spent >= 1" + String(repeating: ")", count: 101)
        #expect(refusal(source) == SegmentError(.syntax, "this ) has no matching (", at: 216))
    }

    @Test func nestedNotsCountTowardTheDepth() throws {
        let source = String(repeating: "not ", count: 20_000) + "total_spent >= 1"
        let error = try #require(refusal(source))
        #expect(error.code == .limitExceeded)
        #expect(error.offset == 4 * SegmentLimits.maximumDepth)
    }

    @Test func theDepthAtTheLimitIsRead() throws {
        let depth = SegmentLimits.maximumDepth
        #expect(refusal(String(repeating: "(", count: depth) + "total_spent >= 1" + String(repeating: ")", count: depth)) == nil)
        #expect(refusal(String(repeating: "not ", count: depth) + "total_spent >= 1") == nil)
    }

    @Test func tooManyTestsAreRefusedAtTheFirstPastTheLimit() throws {
        let source = Array(repeating: "total_spent >= 1", count: 20_000).joined(separator: " and ")
        let error = try #require(refusal(source))
        #expect(error.code == .limitExceeded)
        #expect(error.offset == SegmentLimits.maximumTests * "total_spent >= 1 and ".count)
        #expect(error.message.contains("past the limit of 1000 tests"))
        let atTheLimit = Array(repeating: "orders_count >= 1", count: SegmentLimits.maximumTests).joined(separator: " or ")
        #expect(refusal(atTheLimit) == nil)
    }

    @Test func theExcerptOfALongConditionIsCutAroundTheMistake() throws {
        let source = String(repeating: "(", count: 20_000) + "total_spent >= 1" + String(repeating: ")", count: 20_000)
        let excerpt = try #require(refusal(source)).excerpt(of: source)
        #expect(excerpt[0].count == 121 && excerpt[0].hasSuffix("…"))
        #expect(excerpt[1] == String(repeating: " ", count: 32) + "^")
        let middle = Array(repeating: "total_spent >= 1", count: 2_000).joined(separator: " and ")
        let lines = try #require(refusal(middle)).excerpt(of: middle)
        #expect(lines[0].hasPrefix("…") && lines[0].hasSuffix("…") && lines[0].count == 122)
        #expect(lines[1] == String(repeating: " ", count: 61) + "^")
    }
}
