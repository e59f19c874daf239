import Calendars
import Crypto
import Foundation
import GRDB
import Mail
import Testing
@testable import Store

/// Topics, pauses and frequency as consent-ledger events: in the same hash chain as consent,
/// without changing how the events before them are hashed.
@Suite("Preferences in the consent ledger")
struct PreferenceLedgerTests {
    /// SHA-256 of the first encoding (`keepsake-consent-event-v1`), written here from its
    /// description, independently of ``ChainedFields``: presence byte, 4-byte big-endian length, bytes.
    static func versionOneHash(_ fields: [String?]) -> String {
        var bytes: [UInt8] = []
        for field in ["keepsake-consent-event-v1"] + fields {
            guard let field else { bytes.append(0); continue }
            let count = UInt32(field.utf8.count)
            bytes += [1, UInt8(count >> 24), UInt8(count >> 16 & 0xff), UInt8(count >> 8 & 0xff), UInt8(count & 0xff)]
            bytes += Array(field.utf8)
        }
        return SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
    }

    /// SQLite only: a ledger written before migration 11 is a SQLite file (PostgreSQL came after it);
    /// ``editedPreferenceBreaksTheChain(engine:)`` is its part that holds on both engines.
    @Test("""
        a ledger written before migration 11 (the schema of main, events hashed v1) still verifies after it, \
        with the same head; preference events appended after it chain on, and editing one breaks the chain
        """)
    func olderChainStillVerifies() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("keepsake-prefs-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let path = directory.appendingPathComponent("keepsake.sqlite").path
        var previous = String(repeating: "0", count: 64)
        do {
            let queue = try DatabaseQueue(path: path)
            try StoreMigrations.migrator.migrate(queue, upTo: "7 inbound mail")
            try queue.write { db in
                for sequence in 1...3 {
                    let fields: [String?] = [
                        String(sequence), nil, String(repeating: "ab", count: 32), sequence == 2 ? "opted_out" : "opted_in",
                        "2024-05-0\(sequence)T08:00:00.000Z", "newsletter form", nil, sequence == 1 ? "v3 wording" : nil,
                        "import old.csv:\(sequence)", "2024-05-09T08:00:00.000Z", "import old.csv", previous,
                    ]
                    let hash = Self.versionOneHash(fields)
                    try db.execute(sql: """
                        INSERT INTO consent_events (sequence, customer_digest, email_digest, status, occurred_at, source,
                            ip_digest, wording, reference, recorded_at, recorded_by, previous_hash, hash)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """, arguments: StatementArguments(Array(fields) + [hash]))
                    previous = hash
                }
            }
        }
        let store = try KeepsakeStore(path: path)
        #expect(try store.verifyConsentLedger() == .intact(headHash: previous, eventCount: 3))

        try store.importSession(commit: true, recordedBy: "test") { session in
            _ = try session.upsert(CustomerRecord(id: "c1", email: try EmailAddress("sara@shop.example")))
        }
        _ = try store.grant(email: try EmailAddress("sara@shop.example"), source: "checkout checkbox", recordedBy: "test")
        let outcome = try store.recordPreferences(
            customerID: "c1", PreferenceChoices(topicsKept: ["birthdays"], topics: ["birthdays", "offers"], pauseDays: 30,
                                                frequency: .monthly),
            ip: "203.0.113.7", reference: "campaign birthday", occurredAt: try instant("2026-06-15T12:00:00Z"),
            recordedBy: "keepsake run")
        #expect(outcome == .recorded(email: "sara@shop.example", events: [5, 6, 7]))
        let events = try store.consentLog(email: try EmailAddress("sara@shop.example"))
        #expect(events.map(\.preference) == [
            nil, .topic("offers"), .pause(until: try LocalDate(parsing: "2026-07-15")), .frequency(.monthly),
        ])
        #expect(events.dropFirst().allSatisfy { $0.source == "preference centre" && $0.ip == "203.0.113.7" })
        #expect(events.map(\.status) == [.optedIn, .optedOut, .optedIn, .optedIn])
        guard case .intact(_, 7) = try store.verifyConsentLedger() else {
            Issue.record("the ledger does not verify: \(try store.verifyConsentLedger())")
            return
        }
        // The consent itself is untouched by the preferences.
        #expect(try store.currentConsent(email: try EmailAddress("sara@shop.example")) == .optedIn)

        // A preference rewritten behind the triggers' back no longer matches its hash.
        try store.pool.write { db in
            try db.execute(sql: "DROP TRIGGER consent_events_append_only_update")
            try db.execute(sql: "UPDATE consent_events SET preference = 'topic birthdays' WHERE sequence = 5")
        }
        #expect(try store.verifyConsentLedger() == .broken(
            sequence: 5, reason: "event 5 was edited: its contents hash to \(try editedHash(store, 5)), but its stored hash is \(events[1].hash)"))
    }

    /// What the edited event hashes to now.
    private func editedHash(_ store: KeepsakeStore, _ sequence: Int64) throws -> String {
        try store.database.read { db in
            try ChainedFields(row: #require(try db.row(sql: "SELECT * FROM consent_events WHERE sequence = ?", arguments: [sequence]))).hash
        }
    }

    /// The part of ``olderChainStillVerifies()`` that holds on every engine: preference events chain
    /// on after consent, and a preference rewritten behind the triggers' back breaks the chain.
    @Test("preference events chain on after consent, and editing one breaks the chain", arguments: StoreFixture.engines)
    func editedPreferenceBreaksTheChain(engine: StoreEngine) throws {
        let fixture = try StoreFixture(engine)
        let store = fixture.store
        let sara = try EmailAddress("sara@shop.example")
        try store.importSession(commit: true, recordedBy: "test") { session in
            _ = try session.upsert(try customer("c1", "sara@shop.example"))
        }
        _ = try store.grant(email: sara, source: "checkout checkbox", recordedBy: "test")
        let outcome = try store.recordPreferences(
            customerID: "c1", PreferenceChoices(topicsKept: ["birthdays"], topics: ["birthdays", "offers"], frequency: .monthly),
            ip: "203.0.113.7", reference: "campaign birthday", occurredAt: try instant("2026-06-15T12:00:00Z"),
            recordedBy: "keepsake run")
        #expect(outcome == .recorded(email: "sara@shop.example", events: [2, 3]))
        let events = try store.consentLog(email: sara)
        #expect(try store.verifyConsentLedger() == .intact(headHash: try #require(events.last?.hash), eventCount: 3))

        let on = engine == .postgresql ? " ON consent_events" : ""
        try fixture.reopened().database.write { db in
            try db.execute(sql: "DROP TRIGGER consent_events_append_only_update\(on)")
            try db.execute(sql: "UPDATE consent_events SET preference = 'topic birthdays' WHERE sequence = 2")
        }
        #expect(try store.verifyConsentLedger() == .broken(
            sequence: 2, reason: "event 2 was edited: its contents hash to \(try editedHash(store, 2)), but its stored hash is \(events[1].hash)"))
    }

    @Test("a repeated identical choice writes nothing; a kept topic without an event and the default frequency write nothing", arguments: StoreFixture.engines)
    func repeatedChoiceWritesNothing(engine: StoreEngine) throws {
        let fixture = try StoreFixture(engine)
        let store = fixture.store
        try store.importSession(commit: true, recordedBy: "test") { session in
            _ = try session.upsert(try customer("c1", "sara@shop.example"))
        }
        _ = try store.grant(email: try EmailAddress("sara@shop.example"), source: "checkout checkbox", recordedBy: "test")
        let topics = ["birthdays", "offers"]
        let noon = try instant("2026-06-15T12:00:00Z")
        func record(_ choices: PreferenceChoices) throws -> PreferenceOutcome {
            try store.recordPreferences(customerID: "c1", choices, ip: nil, reference: "campaign birthday",
                                        occurredAt: noon, recordedBy: "test")
        }
        #expect(try record(PreferenceChoices(topicsKept: Set(topics), topics: topics)) == .recorded(email: "sara@shop.example", events: []))
        let leaveOffers = PreferenceChoices(topicsKept: ["birthdays"], topics: topics, pauseDays: 90)
        #expect(try record(leaveOffers) == .recorded(email: "sara@shop.example", events: [2, 3]))
        #expect(try record(leaveOffers) == .recorded(email: "sara@shop.example", events: []))
        #expect(try record(PreferenceChoices(topicsKept: Set(topics), topics: topics)) == .recorded(email: "sara@shop.example", events: [4]))
        #expect(try record(PreferenceChoices(topicsKept: [], topics: topics, leaveEverything: true)) == .recorded(email: "sara@shop.example", events: [5]))
        #expect(try store.currentConsent(email: try EmailAddress("sara@shop.example")) == .optedOut)
        #expect(try record(PreferenceChoices(topicsKept: [], topics: topics, leaveEverything: true)) == .recorded(email: "sara@shop.example", events: []))
        #expect(try store.recordPreferences(customerID: "nobody", leaveOffers, ip: nil, reference: "x", occurredAt: noon, recordedBy: "test") == .unknownCustomer)
    }

    @Test("the store refuses a pause of 0 or more than 365 days, and a topic id that cannot be one, naming the limit", arguments: StoreFixture.engines)
    func pauseLimits(engine: StoreEngine) throws {
        let fixture = try StoreFixture(engine)
        try fixture.store.importSession(commit: true, recordedBy: "test") { session in
            _ = try session.upsert(try customer("c1", "sara@shop.example"))
        }
        for days in [0, -1, 366, 10_000] {
            let error = #expect(throws: StoreError.self) {
                try fixture.store.recordPreferences(
                    customerID: "c1", PreferenceChoices(topicsKept: [], topics: [], pauseDays: days), ip: nil,
                    reference: "test", occurredAt: Date(), recordedBy: "test")
            }
            #expect(error?.message == "a pause of \(days) days cannot be recorded; pause mail for 1 to 365 days")
        }
        #expect(throws: StoreError.self) {
            try fixture.store.recordPreferences(
                customerID: "c1", PreferenceChoices(topicsKept: [], topics: ["Offers!"]), ip: nil,
                reference: "test", occurredAt: Date(), recordedBy: "test")
        }
        #expect(try fixture.store.consentLog(email: nil).isEmpty)
    }

    @Test("the planner's consent view folds topics, pause and frequency, the same from the snapshot and the look-up")
    func consentView() throws {
        let fixture = try StoreFixture()
        let store = fixture.store
        let customers = [try customer("c1", "sara@shop.example"), try customer("c2", "reza@shop.example")]
        try store.importSession(commit: true, recordedBy: "test") { session in
            for record in customers { _ = try session.upsert(record) }
        }
        for address in ["sara@shop.example", "reza@shop.example"] {
            _ = try store.grant(email: try EmailAddress(address), source: "checkout checkbox",
                                occurredAt: try instant("2026-01-01T00:00:00Z"), recordedBy: "test")
        }
        _ = try store.recordPreferences(
            customerID: "c1", PreferenceChoices(topicsKept: ["birthdays"], topics: ["birthdays", "offers"], pauseDays: 30, frequency: .monthly),
            ip: nil, reference: "test", occurredAt: try instant("2026-06-15T12:00:00Z"), recordedBy: "test")
        let expected: [String: CustomerConsent] = [
            "c1": CustomerConsent(status: .optedIn, topicsLeft: ["offers"], pausedUntil: try LocalDate(parsing: "2026-07-15"), frequency: .monthly),
            "c2": CustomerConsent(status: .optedIn),
        ]
        for snapshot in [ConsentSnapshot(lookupsBeforeSnapshot: .max), ConsentSnapshot(lookupsBeforeSnapshot: 0)] {
            let view = try store.database.read { db in
                try PlanningReader(db: db, digests: store.digests, consentSnapshot: snapshot).consentView(of: customers)
            }
            #expect(view == expected)
        }
        let view = try #require(expected["c1"])
        #expect(!view.allows(topic: "offers", on: try LocalDate(parsing: "2026-08-01")))
        #expect(!view.allows(topic: "birthdays", on: try LocalDate(parsing: "2026-07-14")))
        #expect(view.allows(topic: "birthdays", on: try LocalDate(parsing: "2026-07-15")))
        #expect(view.allows(topic: nil, on: try LocalDate(parsing: "2026-07-15")))
    }
}
