import Foundation
import Mail
import Testing
@testable import Store

/// A one-click unsubscribe in the store: one consent event for the customer's address, none when
/// repeated, and the claim of a delivery planned before it is cancelled.
@Suite("One-click unsubscribe in the store")
struct OneClickTests {
    static func optedIn(_ fixture: StoreFixture, at time: String = "2025-01-01T00:00:00Z") throws {
        try fixture.store.importSession(commit: true, recordedBy: "test") { session in
            _ = try session.upsert(try customer("c1", "Sara@Shop.example"))
            _ = try session.observeConsent(
                ConsentObservation(status: .optedIn, occurredAt: try instant(time), source: "checkout checkbox"),
                email: try EmailAddress("sara@shop.example"), customerID: "c1")
        }
    }

    @Test("the first request writes one opted_out event with source, IP, time and campaign; a repeat writes nothing", arguments: StoreFixture.engines)
    func revokeOnce(engine: StoreEngine) throws {
        let fixture = try StoreFixture(engine)
        try Self.optedIn(fixture)
        let now = try instant("2026-06-15T12:00:05Z")
        let first = try fixture.store.revokeByOneClick(
            customerID: "c1", ip: "203.0.113.7", reference: "campaign birthday", occurredAt: now, recordedBy: "keepsake run")
        #expect(first == .revoked(email: "Sara@shop.example", event: 2))
        let again = try fixture.store.revokeByOneClick(
            customerID: "c1", ip: "203.0.113.8", reference: "campaign birthday", occurredAt: now.addingTimeInterval(60),
            recordedBy: "keepsake run")
        #expect(again == .alreadyOptedOut(email: "Sara@shop.example"))
        let log = try fixture.store.consentLog(email: try EmailAddress("sara@shop.example"))
        #expect(log.count == 2)
        let event = try #require(log.last)
        #expect(event.status == .optedOut && event.source == "one-click unsubscribe" && event.ip == "203.0.113.7")
        #expect(event.occurredAt == "2026-06-15T12:00:05.000Z" && event.reference == "campaign birthday")
        #expect(event.customerID == "c1" && event.recordedBy == "keepsake run")
        #expect(try fixture.store.verifyConsentLedger() == .intact(headHash: event.hash, eventCount: 2))
    }

    @Test("an unknown customer writes nothing; a consent dated in the future is still overridden", arguments: StoreFixture.engines)
    func edges(engine: StoreEngine) throws {
        let fixture = try StoreFixture(engine)
        #expect(try fixture.store.revokeByOneClick(
            customerID: "nobody", ip: nil, reference: "campaign x", occurredAt: Date(), recordedBy: "t") == .unknownCustomer)
        try Self.optedIn(fixture, at: "2030-01-01T00:00:00Z")
        let outcome = try fixture.store.revokeByOneClick(
            customerID: "c1", ip: nil, reference: "campaign x", occurredAt: try instant("2026-06-15T12:00:00Z"), recordedBy: "t")
        #expect(outcome == .revoked(email: "Sara@shop.example", event: 2))
        #expect(try fixture.store.currentConsent(email: try EmailAddress("sara@shop.example")) == .optedOut)
    }

    @Test("waiting deliveries are counted by status", arguments: StoreFixture.engines)
    func waitingCounts(engine: StoreEngine) throws {
        let fixture = try StoreFixture(engine)
        #expect(try fixture.store.waitingDeliveryCounts() == [.planned: 0, .deferred: 0])
    }
}
