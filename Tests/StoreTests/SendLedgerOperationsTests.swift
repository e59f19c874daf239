import Foundation
import Mail
import Testing
@testable import Store

/// The send ledger under an operator's commands: export and forget, backup, pause and resume.
@Suite struct SendLedgerOperationsTests {
    /// Sara's delivery bounced (her address suppressed), Reza's was sent.
    private func bounced() throws -> (SendLedgerFixture, sara: LedgerDelivery, reza: LedgerDelivery) {
        let fixture = try SendLedgerFixture()
        let sara = try fixture.recorded("c1", "Sara@Shop.example")
        let reza = try fixture.recorded("c2", "reza@shop.example")
        let now = SendLedgerFixture.sendAt
        for row in [sara, reza] { _ = try fixture.store.claim(row.id, now: now) }
        try fixture.store.recordOutcome(
            sara.id, .failed(reply: "550 5.1.1 <Sara@Shop.example>: User unknown", stage: "recipient", suppress: true), now: now)
        try fixture.store.recordOutcome(reza.id, .sent(reply: "250 2.0.0 Ok", stage: "end_of_data"), now: now)
        return (fixture, try #require(try fixture.store.delivery(id: sara.id)), try #require(try fixture.store.delivery(id: reza.id)))
    }

    @Test func anExportListsTheLedgerRowsAndSuppressionAndForgetClearsTheirPersonalFields() throws {
        let (fixture, sara, reza) = try bounced()
        let export = try fixture.store.export(email: try EmailAddress("sara@shop.example"))
        let deliveries = try #require(export.tables["deliveries"])
        #expect(deliveries.map { $0["id"] } == ["\(sara.id)"])
        #expect(deliveries.first?["email"] == "Sara@Shop.example")
        #expect(deliveries.first?["customer_id"] == "c1")
        #expect(deliveries.first?["status"] == "failed")
        let suppressions = try #require(export.tables["suppressions"])
        #expect(suppressions.map { $0["email"] } == ["Sara@Shop.example"])
        #expect(suppressions.first?["delivery_id"] == "\(sara.id)")

        let report = try fixture.store.forget(email: fixture.sara)
        #expect(report.rowsByTable["deliveries"] == 1)
        #expect(report.rowsByTable["suppressions"] == 1)
        let erased = try #require(try fixture.store.delivery(id: sara.id))
        #expect(erased.email == nil)
        #expect(erased.customerID == nil)
        #expect(erased.status == .failed)
        #expect(erased.messageID == sara.messageID)
        let suppression = try #require(try fixture.store.suppression(of: fixture.sara))
        #expect(suppression.email == nil)
        #expect(suppression.reason == "hard bounce")
        #expect(try fixture.store.suppressionCount() == 1)
        #expect(try fixture.store.delivery(id: reza.id) == reza)

        // Still found by digest, without the address.
        let after = try fixture.store.export(email: fixture.sara)
        #expect(after.forgotten)
        #expect(after.tables["deliveries"]?.count == 1)
        #expect(after.tables["deliveries"]?.first?["email"] == nil)
        #expect(after.tables["suppressions"]?.first?["email"] == nil)
    }

    @Test(arguments: StoreFixture.engines)
    func aSuppressionIsOneAddressWhateverItsCaseAndNeedsAReason(engine: StoreEngine) throws {
        let fixture = try SendLedgerFixture(engine)
        let now = SendLedgerFixture.sendAt
        #expect(try fixture.store.suppress(email: fixture.reza, reason: " asked by phone ", recordedBy: "ops", now: now))
        #expect(try !fixture.store.suppress(email: try EmailAddress("REZA@shop.example"), reason: "again", recordedBy: "ops"))
        let entry = try #require(try fixture.store.suppressions().first)
        #expect(entry.reason == "asked by phone")
        #expect(entry.createdBy == "ops")
        #expect(entry.createdAt == now)
        let error = try #require(throws: StoreError.self) {
            try fixture.store.suppress(email: fixture.sara, reason: "  ", recordedBy: "ops")
        }
        #expect(error.code == .invalidArgument)
        #expect(try fixture.store.unsuppress(email: try EmailAddress("Reza@Shop.Example")))
        #expect(try !fixture.store.unsuppress(email: fixture.reza))
        #expect(try fixture.store.suppressions().isEmpty)
    }

    @Test func aBackupNeverOverwritesAndOpensAsAStoreWithTheSameLedger() throws {
        let (fixture, sara, reza) = try bounced()
        let existing = fixture.base.directory.appendingPathComponent("existing.sqlite").path
        try Data("not a database".utf8).write(to: URL(fileURLWithPath: existing))
        let error = try #require(throws: StoreError.self) { try fixture.store.backup(to: existing) }
        #expect(error.code == .invalidArgument)
        #expect(error.message == "\(existing) already exists; a backup never overwrites a file, choose a new name")
        #expect(try Data(contentsOf: URL(fileURLWithPath: existing)) == Data("not a database".utf8))

        let path = fixture.base.directory.appendingPathComponent("backup.sqlite").path
        try fixture.store.backup(to: path)
        let copy = try KeepsakeStore(path: path)
        #expect(try copy.delivery(id: sara.id) == sara)
        #expect(try copy.delivery(id: reza.id) == reza)
        #expect(try copy.suppressions() == (try fixture.store.suppressions()))
        #expect(try copy.consentLog(email: nil) == (try fixture.store.consentLog(email: nil)))
        // The copy keeps the store's digest key: the suppression still matches the address.
        #expect(try copy.suppression(of: fixture.sara) != nil)
        #expect(try copy.verifyConsentLedger() == (try fixture.store.verifyConsentLedger()))
    }

    @Test(arguments: StoreFixture.engines)
    func anOperatorPauseIsNeverReplacedByTheRelaysAndEachIsLiftedByItsCause(engine: StoreEngine) throws {
        let fixture = try SendLedgerFixture(engine)
        let store = fixture.store
        let since = SendLedgerFixture.sendAt
        let manual = SendingPause(cause: .operator, reason: "keepsake pause: new templates", since: since)
        let relay = SendingPause(cause: .relay, reason: "535 5.7.8 authentication failed", since: since.addingTimeInterval(60))
        #expect(try store.sendingPause() == nil)

        #expect(try store.pauseSending(manual) == manual)
        #expect(try store.pauseSending(relay) == manual)
        #expect(try store.sendingPause() == manual)
        #expect(try store.resumeSending(causes: [.relay]) == nil)
        #expect(try store.sendingPause() == manual)
        #expect(try store.resumeSending(causes: [.operator]) == manual)
        #expect(try store.sendingPause() == nil)

        // A relay pause gives way to an operator's, and a reload lifts only a relay pause.
        #expect(try store.pauseSending(relay) == relay)
        #expect(try store.resumeSending(causes: [.operator]) == nil)
        #expect(try store.sendingPause() == relay)
        #expect(try store.pauseSending(manual) == manual)
        #expect(try store.resumeSending() == manual)
        #expect(try store.sendingPause() == nil)
    }

    @Test(arguments: StoreFixture.engines)
    func theLastTickIsKept(engine: StoreEngine) throws {
        let fixture = try SendLedgerFixture(engine)
        #expect(try fixture.store.lastTick() == nil)
        let tick = TickRecord(at: SendLedgerFixture.sendAt, duration: 0.25, recorded: 3, outcomes: ["sent": 2, "deferred": 1])
        try fixture.store.recordTick(tick)
        #expect(try fixture.store.lastTick() == tick)
    }
}
