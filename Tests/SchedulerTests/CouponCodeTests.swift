import Calendars
import Campaigns
import Foundation
import Mail
import Store
import Testing
@testable import Scheduler
import PlannerTestSupport

/// Coupon codes through the real derivation (HMAC-SHA256 under a secret) and the real store.
@Suite("Coupon codes")
struct CouponCodeTests {
    let tokens = LinkTokens(secret: Array(repeating: 7, count: 32))

    /// A campaign `id` whose deliveries carry `prefix` codes.
    func couponCampaign(_ id: String, prefix: String) -> Campaign {
        var result = campaign(id, birthday())
        result.coupon = Coupon(prefix: prefix, percent: 20, validDays: 14)
        return result
    }

    /// `count` occurrences of `campaignID`, one per customer, on one date.
    func occurrences(_ count: Int, campaignID: String = "birthday", date: String = "2026-05-10") -> [OccurrenceID] {
        let date = day(date)
        return (0..<count).map { OccurrenceID(campaignID: campaignID, customerID: "c\($0)", date: date) }
    }

    @Test(arguments: [LinkTokens.couponCodeLength, 4])
    func codesAreUniqueAcross100000RecipientsOfACampaign(length: Int) throws {
        // At length 4 (32^4 ≈ 1 million codes) 100,000 first candidates collide about 4,700 times:
        // uniqueness then rests entirely on the store, as it would at the real length's rare collision.
        let fixture = try PlannerFixture([])
        let codes = CouponCodes(
            store: fixture.store, tokens: tokens, campaigns: [couponCampaign("birthday", prefix: "BDAY")], length: length)
        let wanted = occurrences(100_000)
        let reserved = try codes.reserve(wanted, reservedBy: "tests", now: Date())
        #expect(reserved.count == wanted.count)
        #expect(Set(reserved.values).count == wanted.count, "two recipients share a code")
        let pattern = try Regex("^BDAY-[ABCDEFGHJKLMNPQRSTUVWXYZ23456789]{\(length)}$")
        #expect(reserved.values.allSatisfy { $0.wholeMatch(of: pattern) != nil })
        // Stable: asking again, reserving (in another order) or only looking up, gives each its code.
        let sample = Array(wanted.prefix(1_000)) + Array(wanted.suffix(1_000))
        let again = try codes.reserve(sample.reversed(), reservedBy: "tests", now: Date())
        #expect(again == reserved.filter { again.keys.contains($0.key) } && again.count == sample.count)
        for delivery in try codes.lookUp(sample.map(plannedDelivery)) {
            #expect(delivery.couponCode == reserved[delivery.occurrence])
        }
    }

    @Test func aContestedCodeGoesToTheFirstOccurrenceAndTheNextToItsNextFreeCandidate() throws {
        // 2 characters: 1,024 codes for 600 occurrences, so most later ones meet a taken candidate.
        let campaigns = [couponCampaign("winback-1", prefix: "BACK"), couponCampaign("winback-2", prefix: "BACK")]
        let wanted = occurrences(300, campaignID: "winback-1") + occurrences(300, campaignID: "winback-2")
        var expected: [OccurrenceID: String] = [:]
        var taken = Set<String>()
        for occurrence in wanted {
            let code = (0..<KeepsakeStore.couponCandidateLimit).lazy.map { number in
                tokens.couponCode(
                    prefix: "BACK", customerID: occurrence.customerID, campaignID: occurrence.campaignID,
                    occurrence: occurrence.date.description, candidate: number, length: 2)
            }.first { !taken.contains($0) }!
            taken.insert(code)
            expected[occurrence] = code
        }
        let secondCandidates = wanted.filter {
            expected[$0] != tokens.couponCode(
                prefix: "BACK", customerID: $0.customerID, campaignID: $0.campaignID, occurrence: $0.date.description, length: 2)
        }
        #expect(secondCandidates.count > 50, "the test must provoke collisions: \(secondCandidates.count)")

        // A preview (nothing reserved) and two independent stores reserving in the same order agree
        // with the rule, and with each other: the two campaigns sharing BACK never share a code.
        for _ in 0..<2 {
            let fixture = try PlannerFixture([])
            let codes = CouponCodes(store: fixture.store, tokens: tokens, campaigns: campaigns, length: 2)
            let previewed = try codes.lookUp(wanted.map(plannedDelivery))
            #expect(Dictionary(uniqueKeysWithValues: previewed.map { ($0.occurrence, $0.couponCode!) }) == expected)
            #expect(try codes.reserve(wanted, reservedBy: "tests", now: Date()) == expected)
        }
    }

    @Test func aReservedCodeNeverMovesAndAPreviewShowsTheCodeAnotherOccurrenceLeft() throws {
        // With 1 character (32 codes) two occurrences whose first candidates coincide are easy to find.
        let campaigns = [couponCampaign("birthday", prefix: "BDAY")]
        let all = occurrences(40)
        let first = { (occurrence: OccurrenceID) in
            tokens.couponCode(
                prefix: "BDAY", customerID: occurrence.customerID, campaignID: "birthday", occurrence: "2026-05-10", length: 1)
        }
        let (earlier, later) = try #require(
            all.lazy.flatMap { one in all.lazy.filter { $0 != one && first($0) == first(one) }.map { (one, $0) } }.first)
        let fixture = try PlannerFixture([])
        let codes = CouponCodes(store: fixture.store, tokens: tokens, campaigns: campaigns, length: 1)
        let kept = try codes.reserve([earlier], reservedBy: "tests", now: Date())[earlier]
        #expect(kept == first(earlier))
        let shown = try codes.lookUp([plannedDelivery(later)])[0].couponCode
        #expect(shown != nil && shown != kept)
        #expect(try codes.reserve([later, earlier], reservedBy: "tests", now: Date()) == [later: shown!, earlier: kept!])
    }

    @Test func codesUseTheReadableAlphabetAndDifferPerCandidate() {
        #expect(LinkTokens.couponAlphabet.count == 32)
        #expect(Set(LinkTokens.couponAlphabet).isDisjoint(with: ["0", "O", "1", "I"]))
        let codes = (0..<5).map {
            tokens.couponCode(prefix: "NOWRUZ", customerID: "c1", campaignID: "nowruz", occurrence: "2026-03-21", candidate: $0)
        }
        #expect(Set(codes).count == 5)
        #expect(codes.allSatisfy { $0.wholeMatch(of: /NOWRUZ-[A-HJ-NP-Z2-9]{10}/) != nil }, "\(codes)")
        // Candidate 0 is the occurrence's code as it always was derived: the HMAC of the four parts.
        #expect(codes[0] == tokens.couponCode(prefix: "NOWRUZ", customerID: "c1", campaignID: "nowruz", occurrence: "2026-03-21"))
    }

    @Test func campaignsWithoutACouponGetNoCode() throws {
        let fixture = try PlannerFixture([])
        let codes = CouponCodes(store: fixture.store, tokens: tokens, campaigns: [campaign("feedback", birthday())])
        #expect(try codes.reserve(occurrences(3, campaignID: "feedback"), reservedBy: "tests", now: Date()).isEmpty)
        #expect(try codes.lookUp(occurrences(3, campaignID: "feedback").map(plannedDelivery)).allSatisfy { $0.couponCode == nil })
    }

    /// A planned delivery of `occurrence`, for looking its code up.
    func plannedDelivery(_ occurrence: OccurrenceID) -> PlannedDelivery {
        PlannedDelivery(
            occurrence: occurrence, email: "\(occurrence.customerID)@shop.example", segment: "everyone",
            template: occurrence.campaignID, locale: "en", dueDate: occurrence.date, day: occurrence.date,
            sendAt: Date(), timeZone: TimeZone(identifier: "UTC")!, status: .planned)
    }
}
