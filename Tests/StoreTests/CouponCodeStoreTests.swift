import Calendars
import Foundation
import GRDB
import Mail
import Testing
@testable import Store

/// The store's side of coupon codes: one holder per code, kept for good, copied into the ledger.
@Suite struct CouponCodeStoreTests {
    let occurrence = OccurrenceID(campaignID: "birthday", customerID: "c1", date: try! LocalDate(parsing: "2026-05-10"))

    @Test func theLedgerRefusesASecondDeliveryWithTheSameCode() throws {
        let fixture = try SendLedgerFixture()
        var sara = fixture.due("c1", "Sara@Shop.example")
        sara.couponCode = "BDAY-AAAAAAAAAA"
        var reza = fixture.due("c2", "reza@shop.example")
        reza.couponCode = "BDAY-AAAAAAAAAA"
        #expect(try fixture.store.recordDue([sara]).count == 1)
        #expect(throws: DatabaseError.self) { try fixture.store.recordDue([reza]) }
        #expect(try fixture.store.deliveries(customerIDs: ["c1", "c2"]).map(\.couponCode) == ["BDAY-AAAAAAAAAA"])
    }

    @Test(arguments: StoreFixture.engines)
    func aCodeIsReservedOnceAndARowRecordedWithoutOneGetsIt(engine: StoreEngine) throws {
        let fixture = try SendLedgerFixture(engine)
        // A row recorded by a Keepsake that did not reserve codes.
        _ = try fixture.recorded("c1", "Sara@Shop.example")
        var asked = 0
        let first = try fixture.store.reserveCouponCodes([occurrence], reservedBy: "tests", now: Date(), fillingLedger: true) { _, number in
            asked += 1
            return "BDAY-CANDIDATE\(number)"
        }
        #expect(first == [occurrence: "BDAY-CANDIDATE0"])
        #expect(try fixture.store.deliveries(customerIDs: ["c1"]).first?.couponCode == "BDAY-CANDIDATE0")
        // Asked again with other candidates, it keeps the reserved code and derives nothing.
        let again = try fixture.store.reserveCouponCodes([occurrence], reservedBy: "tests", now: Date()) { _, _ in "BDAY-OTHER" }
        #expect(again == first && asked == 1)
    }

    /// Two daemons recording the same occurrences at once (a planning lease taken over while its
    /// holder still ran): each occurrence gets one code, the same for both, and neither fails.
    @Test(arguments: StoreFixture.engines)
    func twoStoresReservingTheSameOccurrencesAtOnceAgreeOnEveryCode(engine: StoreEngine) async throws {
        let fixture = try SendLedgerFixture(engine)
        let other = try fixture.base.reopened()
        let occurrences = (0..<300).map {
            OccurrenceID(campaignID: "birthday", customerID: "g\($0)", date: occurrence.date)
        }
        let reserve = { @Sendable (store: KeepsakeStore) async throws -> [OccurrenceID: String] in
            try await Task.detached {
                // A page at a time, as the daemon records what became due.
                var codes: [OccurrenceID: String] = [:]
                for page in stride(from: 0, to: occurrences.count, by: 20) {
                    let batch = Array(occurrences[page..<min(page + 20, occurrences.count)])
                    codes.merge(try store.reserveCouponCodes(batch, reservedBy: "tests", now: Date()) { occurrence, number in
                        "BDAY-\(occurrence.customerID)-\(number)"
                    }) { first, _ in first }
                }
                return codes
            }.value
        }
        async let first = reserve(fixture.store)
        async let second = reserve(other)
        let (firstCodes, secondCodes) = try await (first, second)
        #expect(firstCodes.count == occurrences.count)
        #expect(firstCodes == secondCodes)
        #expect(Set(firstCodes.values).count == occurrences.count, "one code per occurrence")
    }

    @Test(arguments: StoreFixture.engines)
    func allCandidatesTakenIsAnErrorNotALoop(engine: StoreEngine) throws {
        let fixture = try SendLedgerFixture(engine)
        let other = OccurrenceID(campaignID: "birthday", customerID: "c2", date: occurrence.date)
        _ = try fixture.store.reserveCouponCodes([occurrence], reservedBy: "tests", now: Date()) { _, _ in "BDAY-SAME" }
        #expect(throws: StoreError.self) {
            try fixture.store.reserveCouponCodes([other], reservedBy: "tests", now: Date()) { _, _ in "BDAY-SAME" }
        }
        #expect(throws: StoreError.self) { try fixture.store.couponCodes([other]) { _, _ in "BDAY-SAME" } }
    }

    @Test(arguments: StoreFixture.engines)
    func forgettingACustomerKeepsTheCodeReservedButNotWhoseItWas(engine: StoreEngine) throws {
        let fixture = try SendLedgerFixture(engine)
        _ = try fixture.store.reserveCouponCodes([occurrence], reservedBy: "tests", now: Date()) { _, _ in "BDAY-SARA" }
        let export = try fixture.store.export(email: fixture.sara)
        #expect(export.tables["coupon_codes"]?.first?["code"] == "BDAY-SARA")
        let report = try fixture.store.forget(email: fixture.sara)
        #expect(report.rowsByTable["coupon_codes"] == 1)
        // The code stays taken: no one else is ever given it.
        let reza = OccurrenceID(campaignID: "birthday", customerID: "c2", date: occurrence.date)
        let codes = try fixture.store.reserveCouponCodes([reza], reservedBy: "tests", now: Date()) { _, number in
            number == 0 ? "BDAY-SARA" : "BDAY-REZA"
        }
        #expect(codes == [reza: "BDAY-REZA"])
    }
}
