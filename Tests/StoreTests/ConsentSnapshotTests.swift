import Foundation
import Mail
import Testing
@testable import Store

/// The planner's consent read whole (``ConsentSnapshot``, for runs over most of the store) must
/// give exactly what the per-batch look-up gives: the latest event of each address, nothing for an
/// address without events or on the suppression list.
@Suite("Consent for planning: the whole-ledger snapshot and the per-batch look-up agree")
struct ConsentSnapshotTests {
    /// A store with every case: opted in, opted out after opting in, back in after opting out,
    /// no event, suppressed after opting in, two customers sharing one address, an address
    /// imported in capitals.
    private func storeWithEveryCase(_ engine: StoreEngine) throws -> (StoreFixture, [CustomerRecord]) {
        let fixture = try StoreFixture(engine)
        let customers = [
            try customer("c1", "reza@shop.example"), try customer("c2", "sara@shop.example"),
            try customer("c3", "nima@shop.example"), try customer("c4", "lily@shop.example"),
            try customer("c5", "omid@shop.example"), try customer("c6", "reza@shop.example"),
            try customer("c7", "Mina@Shop.example"),
        ]
        try fixture.store.importSession(commit: true, recordedBy: "test") { session in
            for record in customers { _ = try session.upsert(record) }
        }
        let store = fixture.store
        func grant(_ address: String, _ day: Int) throws {
            _ = try store.grant(
                email: try EmailAddress(address), source: "newsletter form",
                occurredAt: try instant("2024-05-0\(day)T08:00:00Z"), recordedBy: "test")
        }
        func revoke(_ address: String, _ day: Int) throws {
            _ = try store.revoke(
                email: try EmailAddress(address), source: "one-click unsubscribe",
                occurredAt: try instant("2024-05-0\(day)T08:00:00Z"), recordedBy: "test")
        }
        try grant("reza@shop.example", 1)
        try grant("sara@shop.example", 1)
        try revoke("sara@shop.example", 2)
        try revoke("nima@shop.example", 1)
        try grant("nima@shop.example", 3)
        try grant("omid@shop.example", 1)
        try store.suppress(email: try EmailAddress("omid@shop.example"), reason: "hard bounce", recordedBy: "test")
        try grant("mina@shop.example", 4)
        return (fixture, customers)
    }

    private func consent(
        _ fixture: StoreFixture, _ customers: [CustomerRecord], snapshot: ConsentSnapshot
    ) throws -> [String: ConsentStatus] {
        try fixture.store.database.read { db in
            try PlanningReader(db: db, digests: fixture.store.digests, consentSnapshot: snapshot).consent(of: customers)
        }
    }

    @Test("read whole from the first batch, consent is the per-batch look-up's, case by case", arguments: StoreFixture.engines)
    func snapshotMatchesLookUp(engine: StoreEngine) throws {
        let (fixture, customers) = try storeWithEveryCase(engine)
        let expected: [String: ConsentStatus] = [
            "c1": .optedIn, "c2": .optedOut, "c3": .optedIn, "c6": .optedIn, "c7": .optedIn,
        ]
        #expect(try consent(fixture, customers, snapshot: ConsentSnapshot(lookupsBeforeSnapshot: .max)) == expected)
        #expect(try consent(fixture, customers, snapshot: ConsentSnapshot(lookupsBeforeSnapshot: 0)) == expected)
    }

    @Test("a run switches to the snapshot once it has asked about enough customers, and agrees before and after", arguments: StoreFixture.engines)
    func switchesAfterEnoughLookUps(engine: StoreEngine) throws {
        let (fixture, customers) = try storeWithEveryCase(engine)
        let snapshot = ConsentSnapshot(lookupsBeforeSnapshot: 4)
        let first = try consent(fixture, Array(customers[0..<3]), snapshot: snapshot)
        let second = try consent(fixture, Array(customers[3...]), snapshot: snapshot)
        #expect(first == ["c1": .optedIn, "c2": .optedOut, "c3": .optedIn])
        #expect(second == ["c6": .optedIn, "c7": .optedIn])
    }

    @Test("a ledger larger than the snapshot's limit is never read whole: the look-up answers", arguments: StoreFixture.engines)
    func largeLedgerKeepsLookingUp(engine: StoreEngine) throws {
        let (fixture, customers) = try storeWithEveryCase(engine)
        let snapshot = ConsentSnapshot(lookupsBeforeSnapshot: 0, largestLedger: 2)
        let found = try fixture.store.database.read { db in
            let reader = PlanningReader(db: db, digests: fixture.store.digests, consentSnapshot: snapshot)
            let found = try reader.consent(of: customers)
            #expect(try snapshot.contents(counting: 1, db: db) == nil)
            return found
        }
        #expect(found["c1"] == .optedIn && found["c5"] == nil && found.count == 5)
    }

    @Test("a digest key reads only 64 lower-case hexadecimal digits, and equals the key of the same HMAC")
    func digestKeys() throws {
        let fixture = try StoreFixture()
        let address = try EmailAddress("Sara@Shop.example")
        let digests = fixture.store.digests
        #expect(DigestKey(hexadecimal: digests.digest(address)) == digests.key(address))
        #expect(DigestKey(hexadecimal: digests.digest(try EmailAddress("sara@shop.example"))) == digests.key(address))
        #expect(DigestKey(hexadecimal: digests.digest(try EmailAddress("reza@shop.example"))) != digests.key(address))
        #expect(DigestKey(hexadecimal: String(repeating: "a", count: 63)) == nil)
        #expect(DigestKey(hexadecimal: String(repeating: "a", count: 65)) == nil)
        #expect(DigestKey(hexadecimal: String(repeating: "A", count: 64)) == nil)
        #expect(DigestKey(hexadecimal: String(repeating: "0", count: 63) + "g") == nil)
    }
}
