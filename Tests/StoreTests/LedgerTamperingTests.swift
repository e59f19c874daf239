import Foundation
import Mail
import PostgresStore
import Testing
@testable import Store

/// Each test builds a four-event ledger, changes it behind the store's back (as an attacker or a
/// careless operator with the sqlite3 shell or psql would: the engine's own SQL, through a
/// connection of its own), and expects verify to name the first broken event. On both engines.
@Suite("Consent ledger tampering")
struct LedgerTamperingTests {
    private func ledger(_ engine: StoreEngine) throws -> StoreFixture {
        let fixture = try StoreFixture(engine)
        let addresses = ["a@shop.example", "b@shop.example"]
        var hour = 0
        for status in [ConsentStatus.optedIn, .optedOut] {
            for address in addresses {
                hour += 1
                let observation = ConsentObservation(
                    status: status, occurredAt: try instant("2024-01-01T0\(hour):00:00Z"), source: "form",
                    ip: "192.0.2.\(hour)")
                _ = try fixture.store.record(observation, email: try EmailAddress(address), recordedBy: "test")
            }
        }
        return fixture
    }

    /// Runs raw SQL on the store through a separate connection, without the append-only triggers.
    private func tamper(_ fixture: StoreFixture, _ sql: String) throws {
        let on = fixture.engine == .postgresql ? " ON consent_events" : ""
        try plainConnection(fixture).write { db in
            try db.execute(sql: """
                DROP TRIGGER consent_events_append_only_update\(on);
                DROP TRIGGER consent_events_append_only_delete\(on);
                """)
            try db.execute(sql: sql)
        }
    }

    /// A connection of its own to the store's database, as the sqlite3 shell or psql would open.
    private func plainConnection(_ fixture: StoreFixture) throws -> any StoreDatabase {
        if let settings = fixture.postgresSettings { return try PostgresStoreDatabase(settings: settings) }
        return try GRDBStoreDatabase(path: fixture.path)
    }

    private func brokenEvent(_ fixture: StoreFixture) throws -> (sequence: Int64, reason: String)? {
        guard case .broken(let sequence, let reason) = try fixture.store.verifyConsentLedger() else { return nil }
        return (sequence, reason)
    }

    @Test("an untouched ledger verifies, with its head hash and event count", arguments: StoreFixture.engines)
    func untouched(engine: StoreEngine) throws {
        let fixture = try ledger(engine)
        let head = try #require(try fixture.store.consentLog(email: nil).last?.hash)
        #expect(try fixture.store.verifyConsentLedger() == .intact(headHash: head, eventCount: 4))
    }

    @Test("the store's triggers refuse to edit or delete an event through plain SQL", arguments: StoreFixture.engines)
    func triggersRefuseEdits(engine: StoreEngine) throws {
        let fixture = try ledger(engine)
        let connection = try plainConnection(fixture)
        #expect(throws: (any Error).self) {
            try connection.write { db in try db.execute(sql: "UPDATE consent_events SET status = 'opted_in'") }
        }
        #expect(throws: (any Error).self) {
            try connection.write { db in try db.execute(sql: "DELETE FROM consent_events WHERE sequence = 2") }
        }
        #expect(try fixture.store.consentLog(email: nil).count == 4)
    }

    /// A change made to the file, and the event and words verify must name.
    struct Tampering: CustomTestStringConvertible, Sendable {
        let name: String
        let sql: String
        let brokenSequence: Int64
        let reason: String
        var testDescription: String { name }
    }

    static let tamperings = [
        Tampering(
            name: "an edited status", sql: "UPDATE consent_events SET status = 'opted_in' WHERE sequence = 3",
            brokenSequence: 3, reason: "event 3 was edited"),
        Tampering(
            name: "an edited occurred_at",
            sql: "UPDATE consent_events SET occurred_at = '2023-01-01T00:00:00.000Z' WHERE sequence = 4",
            brokenSequence: 4, reason: "event 4 was edited"),
        Tampering(
            name: "an edited plain email",
            sql: "UPDATE consent_events SET email = 'someone.else@shop.example' WHERE sequence = 2",
            brokenSequence: 2, reason: "email \"someone.else@shop.example\" does not match"),
        Tampering(
            name: "an edited plain ip", sql: "UPDATE consent_events SET ip = '203.0.113.1' WHERE sequence = 1",
            brokenSequence: 1, reason: "ip \"203.0.113.1\" does not match"),
        Tampering(
            name: "a deleted event", sql: "DELETE FROM consent_events WHERE sequence = 2",
            brokenSequence: 3, reason: "event 2 is missing"),
        Tampering(
            name: "a deleted first event", sql: "DELETE FROM consent_events WHERE sequence = 1",
            brokenSequence: 2, reason: "starts at event 2"),
        Tampering(
            name: "two swapped events",
            sql: """
                UPDATE consent_events SET sequence = -2 WHERE sequence = 2;
                UPDATE consent_events SET sequence = 2 WHERE sequence = 3;
                UPDATE consent_events SET sequence = 3 WHERE sequence = -2;
                """,
            brokenSequence: 2, reason: "does not link to event 1"),
    ]

    @Test("verify names the first broken event after", arguments: tamperings, StoreFixture.engines)
    func tampered(_ tampering: Tampering, engine: StoreEngine) throws {
        let fixture = try ledger(engine)
        try tamper(fixture, tampering.sql)
        let broken = try #require(try brokenEvent(fixture))
        #expect(broken.sequence == tampering.brokenSequence)
        #expect(broken.reason.contains(tampering.reason), "\(broken.reason)")
    }

    @Test("an edited wording, with the hash recomputed by hand, breaks the link of the next event", arguments: StoreFixture.engines)
    func editedFieldWithForgedHash(engine: StoreEngine) throws {
        let fixture = try ledger(engine)
        var event = try #require(try fixture.store.consentLog(email: nil).first)
        event.wording = "forged"
        let forged = ChainedFields(
            sequence: event.sequence, customerDigest: event.customerDigest, emailDigest: event.emailDigest,
            status: event.status.rawValue, occurredAt: event.occurredAt, source: event.source, ipDigest: event.ipDigest,
            wording: event.wording, reference: event.reference, recordedAt: event.recordedAt,
            recordedBy: event.recordedBy, previousHash: event.previousHash)
        try tamper(fixture, "UPDATE consent_events SET wording = 'forged', hash = '\(forged.hash)' WHERE sequence = 1")
        let broken = try #require(try brokenEvent(fixture))
        #expect(broken.sequence == 2)
        #expect(broken.reason.contains("does not link to event 1"))
    }
}
