import Calendars
import Foundation
import Mail
import Testing
@testable import Store

@Suite("Export and forget")
struct PrivacyTests {
    let sara: EmailAddress
    let record: CustomerRecord

    init() throws {
        sara = try EmailAddress("sara@shop.example")
        var record = try customer("c1", "Sara@shop.example")
        record.firstName = "سارا"
        record.birthday = try CalendarDate(parsing: "--03-14", in: .gregorian)
        self.record = record
    }

    /// Sara (customer, order, two consent events) and Reza (customer, one event).
    private func populated(_ engine: StoreEngine) throws -> StoreFixture {
        let fixture = try StoreFixture(engine)
        try fixture.store.importSession(commit: true, recordedBy: "import customers.csv") { session in
            _ = try session.upsert(record)
            _ = try session.upsert(try customer("c2", "reza@shop.example"))
            _ = try session.recordOrder(OrderRecord(
                orderID: "o1", customerID: "c1", createdAt: try PointInTime(parsing: "2024-02-02"), total: 12))
            let optIn = ConsentObservation(
                status: .optedIn, occurredAt: try instant("2024-01-01T00:00:00Z"), source: "checkout checkbox",
                ip: "192.0.2.9")
            _ = try session.observeConsent(optIn, email: sara, customerID: "c1")
            var rezaOptIn = optIn
            rezaOptIn.ip = "198.51.100.20"
            _ = try session.observeConsent(rezaOptIn, email: try EmailAddress("reza@shop.example"), customerID: "c2")
        }
        _ = try fixture.store.revoke(
            email: sara, source: "one-click unsubscribe", occurredAt: try instant("2024-03-01T00:00:00Z"),
            recordedBy: "unsubscribe")
        return fixture
    }

    @Test("an export holds the person's customer row, orders, consent history and current consent, and nobody else's", arguments: StoreFixture.engines)
    func exportContents(engine: StoreEngine) throws {
        let fixture = try populated(engine)
        let export = try fixture.store.export(email: try EmailAddress("SARA@shop.example"))
        #expect(export.email == "sara@shop.example")
        #expect(!export.forgotten)
        #expect(export.currentConsent == .optedOut)
        let customers = try #require(export.tables["customers"])
        #expect(customers.count == 1)
        #expect(customers.first?["id"] == "c1")
        #expect(customers.first?["first_name"] == "سارا")
        #expect(customers.first?["birthday"] == "--03-14")
        #expect(customers.first?["orders_count"] == "1")
        #expect(export.tables["orders"]?.map { $0["order_id"] } == ["o1"])
        let events = try #require(export.tables["consent_events"])
        #expect(events.map { $0["status"] } == ["opted_in", "opted_out"])
        #expect(events.first?["ip"] == "192.0.2.9")
        #expect(events.allSatisfy { $0["email"] == "sara@shop.example" })
        let json = try JSONEncoder().encode(export)
        #expect(try JSONDecoder().decode(PersonalDataExport.self, from: json) == export)
    }

    @Test("forget deletes the customer and orders, clears plain values from consent events, and the chain still verifies", arguments: StoreFixture.engines)
    func forgetRemovesPersonalData(engine: StoreEngine) throws {
        let fixture = try populated(engine)
        let report = try fixture.store.forget(email: sara)
        #expect(report.customersDeleted == 1)
        #expect(report.ordersDeleted == 1)
        #expect(report.consentEventsErased == 2)
        #expect(!report.wasAlreadyForgotten)
        #expect(try orderTotals(fixture.store, customerID: "c1") == nil)
        #expect(try orderTotals(fixture.store, customerID: "c2") != nil)
        let texts = try fixture.store.database.read { db in
            try db.values(String.self, sql: """
                SELECT COALESCE(email, '') || ' ' || COALESCE(ip, '') || ' ' || COALESCE(customer_id, '')
                FROM consent_events
                UNION ALL SELECT id || ' ' || email || ' ' || COALESCE(first_name, '') FROM customers
                UNION ALL SELECT order_id || ' ' || customer_id FROM orders
                """)
        }
        #expect(!texts.contains { $0.lowercased().contains("sara") || $0.contains("192.0.2.9") || $0.contains("c1") }, "\(texts)")
        let log = try fixture.store.consentLog(email: sara)
        #expect(log.map(\.status) == [.optedIn, .optedOut])
        #expect(log.allSatisfy { $0.email == nil && $0.ip == nil && $0.customerID == nil })
        guard case .intact(_, let count) = try fixture.store.verifyConsentLedger() else {
            Issue.record("the ledger no longer verifies after forget")
            return
        }
        #expect(count == 3)
        let export = try fixture.store.export(email: sara)
        #expect(export.forgotten)
        #expect(export.tables["customers"]?.isEmpty == true)
        #expect(try fixture.store.forget(email: sara).wasAlreadyForgotten)
    }

    @Test("after forget, a re-import skips the person and records no consent for them", arguments: StoreFixture.engines)
    func reimportDoesNotRestore(engine: StoreEngine) throws {
        let fixture = try populated(engine)
        _ = try fixture.store.forget(email: sara)
        let later = ConsentObservation(
            status: .optedIn, occurredAt: try instant("2025-01-01T00:00:00Z"), source: "checkout checkbox")
        let outcomes = try fixture.store.importSession(commit: true, recordedBy: "import customers.csv") { session in
            (try session.upsert(record), try session.observeConsent(later, email: sara, customerID: "c1"),
             try session.upsert(try customer("c3", "new@shop.example")))
        }
        #expect(outcomes.0 == .skippedForgotten)
        #expect(outcomes.1 == .refusedForgotten)
        #expect(outcomes.2 == .inserted)
        #expect(try fixture.store.grant(email: sara, source: "form", recordedBy: "ops") == .refusedForgotten)
        #expect(try orderTotals(fixture.store, customerID: "c1") == nil)
        #expect(try fixture.store.currentConsent(email: sara) == .optedOut)
        #expect(try fixture.store.consentLog(email: sara).count == 2)
    }

    @Test("an export shows the person's topics left, pause and frequency as their latest events leave them", arguments: StoreFixture.engines)
    func exportShowsPreferences(engine: StoreEngine) throws {
        let fixture = try populated(engine)
        let reza = try EmailAddress("reza@shop.example")
        #expect(try fixture.store.export(email: reza).preferences
            == PersonalPreferences(CustomerConsent(status: .optedIn)))
        let topics = ["birthdays", "offers", "holidays"]
        _ = try fixture.store.recordPreferences(
            customerID: "c2", PreferenceChoices(topicsKept: ["birthdays"], topics: topics, pauseDays: 30, frequency: .monthly),
            ip: nil, reference: "preference centre", occurredAt: try instant("2026-03-01T09:00:00Z"), recordedBy: "test")
        _ = try fixture.store.recordPreferences(
            customerID: "c2", PreferenceChoices(topicsKept: ["birthdays", "holidays"], topics: topics, frequency: .monthly),
            ip: nil, reference: "preference centre", occurredAt: try instant("2026-03-02T09:00:00Z"), recordedBy: "test")
        let preferences = try fixture.store.export(email: reza).preferences
        #expect(preferences.topicsLeft == ["offers"])
        #expect(preferences.pausedUntil == "2026-03-31")
        #expect(preferences.frequency == "monthly")
        let json = String(decoding: try JSONEncoder().encode(fixture.store.export(email: reza)), as: UTF8.self)
        #expect(json.contains(#""topicsLeft":["offers"]"#))
        // Sara chose nothing: every topic kept, no pause, any frequency.
        #expect(try fixture.store.export(email: sara).preferences.topicsLeft.isEmpty)
    }
}
