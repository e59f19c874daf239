import Calendars
import Foundation
import GRDB
import Mail
import Testing
@testable import Store

/// `keepsake store copy --to`: a whole SQLite store into an empty one on either engine, all or
/// nothing, the consent chain verified on both sides.
@Suite struct StoreCopyTests {
    /// A store with something in every area: customers, an order, consent events (a revocation among
    /// them), a sent and a waiting delivery, a suppression and the plan queue the triggers filled.
    private func populatedLedger() throws -> SendLedgerFixture {
        let ledger = try SendLedgerFixture()
        _ = try ledger.oneWaitingOneSent()
        try ledger.store.importSession(commit: true, recordedBy: "orders.csv") { session in
            _ = try session.recordOrder(OrderRecord(
                orderID: "o1", customerID: "c1", createdAt: try PointInTime(parsing: "2026-02-02"),
                total: Decimal(string: "1234567.89")!))
        }
        _ = try ledger.store.revoke(
            email: ledger.reza, source: "one-click unsubscribe", occurredAt: try instant("2026-05-11T00:00:00Z"),
            recordedBy: "unsubscribe")
        #expect(try ledger.store.suppress(email: try EmailAddress("bounced@shop.example"), reason: "550 5.1.1", recordedBy: "dsn"))
        return ledger
    }

    /// Every table's rows, each as text, sorted, by table name.
    private func contents(_ store: KeepsakeStore) throws -> [String: [String]] {
        try store.database.read { db in
            var contents: [String: [String]] = [:]
            for table in try StoreCopyTables.names(db) {
                contents[table] = try db.rows(sql: "SELECT * FROM \(StoreCopyTables.quoted(table))").map { row in
                    try (0..<row.count).map { "\(row.columnNames[$0])=\(try row.value(at: $0).storedText ?? "NULL")" }
                        .joined(separator: "|")
                }.sorted()
            }
            return contents
        }
    }

    @Test(arguments: StoreFixture.engines)
    func aCopyHoldsEveryRowOfEveryTableAndItsLedgerVerifiesWithTheSameHead(target engine: StoreEngine) throws {
        let source = try populatedLedger()
        let target = try StoreFixture(engine)
        let summary = try source.store.copy(into: target.store)

        let reopened = try target.reopened()
        let original = try contents(source.store)
        #expect(try contents(reopened) == original)
        #expect(original["customers"]?.count == 3)
        #expect(original["deliveries"]?.count == 2)
        #expect(original["plan_changes"]?.isEmpty == false)
        #expect(summary.rowsByTable["consent_events"] == 3)
        #expect(summary.rowCount == original.values.map(\.count).reduce(0, +))
        let verification = try source.store.verifyConsentLedger()
        #expect(verification == .intact(headHash: summary.consentHeadHash, eventCount: 3))
        #expect(try reopened.verifyConsentLedger() == verification)
        // The copied secret keeps personal digests matching: the opt-out is found by address.
        #expect(try reopened.currentConsent(email: source.reza) == .optedOut)
        // Keys continue after the copied ones.
        let next = try reopened.recordDue([source.due("c3", "nima@shop.example")])
        #expect(next.count == 1)
        #expect(try reopened.deliveries(customerIDs: ["c3"]).first.map { $0.id } == 3)
    }

    @Test(arguments: StoreFixture.engines)
    func aTargetHoldingAnythingIsRefusedAndLeftAsItWas(target engine: StoreEngine) throws {
        let source = try populatedLedger()
        let target = try SendLedgerFixture(engine)
        let before = try contents(target.store)
        #expect {
            _ = try source.store.copy(into: target.store)
        } throws: { error in
            let message = "\(error)"
            return message.contains("is not empty") && message.contains("its table consent_events holds 2 rows")
        }
        #expect(try contents(target.store) == before)
    }

    @Test(arguments: StoreFixture.engines)
    func aSourceWhoseLedgerDoesNotVerifyIsRefusedWithNothingWritten(target engine: StoreEngine) throws {
        let source = try populatedLedger()
        try DatabaseQueue(path: source.base.path).write { db in
            try db.execute(sql: """
                DROP TRIGGER consent_events_append_only_update;
                UPDATE consent_events SET status = 'opted_in' WHERE sequence = 3;
                """)
        }
        let target = try StoreFixture(engine)
        let before = try contents(target.store)
        #expect {
            _ = try source.store.copy(into: target.store)
        } throws: { error in
            "\(error)".contains("does not verify") && "\(error)".contains("nothing was copied")
        }
        #expect(try contents(target.store) == before)
    }

    @Test(arguments: StoreFixture.engines)
    func aCopyOfManyRowsSpansSeveralStatementsAndStaysComplete(target engine: StoreEngine) throws {
        let source = try StoreFixture()
        try source.store.importSession(commit: true, recordedBy: "customers.csv") { session in
            for number in 0..<2_500 {
                _ = try session.upsert(try customer("c\(number)", "person\(number)@shop.example"))
            }
        }
        let target = try StoreFixture(engine)
        let summary = try source.store.copy(into: target.store)
        #expect(summary.rowsByTable["customers"] == 2_500)
        #expect(try contents(target.reopened()) == contents(source.store))
    }
}
