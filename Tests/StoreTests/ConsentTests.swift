import Foundation
import Mail
import Testing
@testable import Store

@Suite("Consent ledger")
struct ConsentTests {
    let sara: EmailAddress

    init() throws {
        sara = try EmailAddress("Sara@Shop.example")
    }

    private func observation(_ status: ConsentStatus, _ time: String, source: String = "checkout checkbox") throws
        -> ConsentObservation {
        ConsentObservation(
            status: status, occurredAt: try instant(time), source: source, ip: "192.0.2.7", wording: "v3",
            reference: "import customers.csv:2")
    }

    @Test("an event is written only when it changes the latest status, and never for older observations", arguments: StoreFixture.engines)
    func recordingRules(engine: StoreEngine) throws {
        let fixture = try StoreFixture(engine)
        let outcomes = try fixture.store.importSession(commit: true, recordedBy: "import customers.csv") { session in
            [
                try session.observeConsent(try observation(.optedIn, "2024-01-01T10:00:00Z"), email: sara, customerID: "c1"),
                try session.observeConsent(try observation(.optedIn, "2024-01-01T10:00:00Z"), email: sara, customerID: "c1"),
                try session.observeConsent(try observation(.optedIn, "2024-02-01T10:00:00Z"), email: sara, customerID: "c1"),
                try session.observeConsent(try observation(.optedOut, "2023-12-31T10:00:00Z"), email: sara, customerID: "c1"),
                try session.observeConsent(try observation(.optedOut, "2024-03-01T10:00:00Z"), email: sara, customerID: "c1"),
            ]
        }
        #expect(outcomes == [.recorded(.optedIn), .unchanged, .unchanged, .olderThanLedger, .recorded(.optedOut)])
        let reimport = try fixture.store.importSession(commit: true, recordedBy: "import customers.csv") { session in
            try session.observeConsent(try observation(.optedOut, "2024-03-01T10:00:00Z"), email: sara, customerID: "c1")
        }
        #expect(reimport == .unchanged)
        let log = try fixture.store.consentLog(email: try EmailAddress("sara@shop.example"))
        #expect(log.map(\.status) == [.optedIn, .optedOut])
        #expect(log.map(\.sequence) == [1, 2])
        #expect(log[0].email == "sara@shop.example")
        #expect(log[0].occurredAt == "2024-01-01T10:00:00.000Z")
        #expect(log[0].ip == "192.0.2.7")
        #expect(log[0].customerID == "c1")
        #expect(log[0].recordedBy == "import customers.csv")
        #expect(log[1].previousHash == log[0].hash)
        #expect(try fixture.store.currentConsent(email: sara) == .optedOut)
    }

    @Test("no event means no consent; grant and revoke change it, attached to the customer with the address", arguments: StoreFixture.engines)
    func grantAndRevoke(engine: StoreEngine) throws {
        let fixture = try StoreFixture(engine)
        try fixture.store.importSession(commit: true, recordedBy: "test") { session in
            _ = try session.upsert(try customer("c1", "sara@shop.example"))
        }
        let other = try EmailAddress("reza@shop.example")
        #expect(try fixture.store.currentConsent(email: sara) == nil)
        let granted = try fixture.store.grant(
            email: sara, source: "newsletter form", ip: "198.51.100.4", wording: "Monthly offers, v2",
            occurredAt: try instant("2024-05-01T08:00:00Z"), recordedBy: "keepsake consent grant")
        #expect(granted == .recorded(.optedIn))
        #expect(try fixture.store.grant(
            email: sara, source: "newsletter form", occurredAt: try instant("2024-05-02T08:00:00Z"),
            recordedBy: "keepsake consent grant") == .unchanged)
        #expect(try fixture.store.currentConsent(email: sara) == .optedIn)
        #expect(try fixture.store.grant(email: other, source: "shop counter", recordedBy: "ops") == .recorded(.optedIn))
        let revoked = try fixture.store.revoke(
            email: sara, source: "one-click unsubscribe", occurredAt: try instant("2024-06-01T08:00:00Z"),
            recordedBy: "keepsake consent revoke")
        #expect(revoked == .recorded(.optedOut))
        #expect(try fixture.store.currentConsent(email: sara) == .optedOut)
        #expect(try fixture.store.currentConsent(email: other) == .optedIn)

        let saraLog = try fixture.store.consentLog(email: sara)
        #expect(saraLog.map(\.source) == ["newsletter form", "one-click unsubscribe"])
        #expect(saraLog.map(\.customerID) == ["c1", "c1"])
        #expect(saraLog[0].wording == "Monthly offers, v2")
        #expect(saraLog[0].ip == "198.51.100.4")
        #expect(saraLog[0].ipDigest != nil && saraLog[1].ipDigest == nil)
        let everything = try fixture.store.consentLog(email: nil)
        #expect(everything.map(\.sequence) == [1, 2, 3])
        #expect(everything[1].email == "reza@shop.example" && everything[1].customerID == nil)
        guard case .intact(let head, let count) = try fixture.store.verifyConsentLedger() else {
            Issue.record("an untouched ledger failed to verify")
            return
        }
        #expect(count == 3)
        #expect(head == everything[2].hash)
    }

    @Test("a consent without a source is refused with a message saying what to give", arguments: StoreFixture.engines)
    func missingSource(engine: StoreEngine) throws {
        let fixture = try StoreFixture(engine)
        let error = try #require(throws: StoreError.self) {
            try fixture.store.grant(email: sara, source: "  ", recordedBy: "ops")
        }
        #expect(error.code == .invalidArgument)
        #expect(error.message.contains("Sara@shop.example"))
        #expect(error.message.contains("source"))
        #expect(try fixture.store.consentLog(email: nil).isEmpty)
    }
}
