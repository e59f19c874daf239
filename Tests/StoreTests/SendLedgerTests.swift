import Calendars
import Foundation
import KeepsakeTestSupport
import Mail
import Testing
@testable import Store

/// A store with three customers — Sara (c1, opted in, her address written with capitals), Reza
/// (c2, opted in) and Nima (c3, no consent event) — for the send ledger's tests.
final class SendLedgerFixture {
    static let sendAt = try! instant("2026-05-10T06:30:00Z")
    static let expiresAt = try! instant("2026-05-10T16:30:00Z")

    let base: StoreFixture
    var store: KeepsakeStore { base.store }
    let sara = try! EmailAddress("Sara@Shop.example")
    let reza = try! EmailAddress("reza@shop.example")

    init(_ engine: StoreEngine = .sqlite, server: PostgresServer? = nil) throws {
        base = try StoreFixture(engine, server: server)
        try base.store.importSession(commit: true, recordedBy: "send ledger tests") { session in
            _ = try session.upsert(try customer("c1", "Sara@Shop.example"))
            _ = try session.upsert(try customer("c2", "reza@shop.example"))
            _ = try session.upsert(try customer("c3", "nima@shop.example"))
            for (id, email) in [("c1", sara), ("c2", reza)] {
                let optIn = ConsentObservation(status: .optedIn, occurredAt: try instant("2026-01-01T00:00:00Z"), source: "checkout")
                _ = try session.observeConsent(optIn, email: email, customerID: id)
            }
        }
    }

    /// A due delivery of the birthday campaign.
    func due(_ customerID: String, _ email: String, occurrence: String = "2026-05-10") -> LedgerDelivery {
        LedgerDelivery(
            campaignID: "birthday", customerID: customerID, occurrenceDate: try! LocalDate(parsing: occurrence),
            day: try! LocalDate(parsing: occurrence), email: email, segment: "everyone", template: "birthday",
            locale: "en", timeZone: TimeZone(identifier: "Asia/Tehran")!, years: nil, sendAt: Self.sendAt, expiresAt: Self.expiresAt,
            messageID: "<\(customerID).\(occurrence)@shop.example>", plannedAt: Self.sendAt)
    }

    /// Sara's delivery waiting, Reza's sent.
    func oneWaitingOneSent() throws -> (waiting: LedgerDelivery, sent: LedgerDelivery) {
        let waiting = try recorded("c1", "Sara@Shop.example")
        let sent = try recorded("c2", "reza@shop.example")
        _ = try store.claim(sent.id, now: Self.sendAt)
        try store.recordOutcome(sent.id, .sent(reply: "250 2.0.0 Ok", stage: "end_of_data"), now: Self.sendAt)
        return (waiting, sent)
    }

    /// Records one due delivery and returns its row.
    func recorded(_ customerID: String, _ email: String) throws -> LedgerDelivery {
        #expect(try store.recordDue([due(customerID, email)]).count == 1)
        return try #require(try store.deliveries(customerIDs: [customerID]).first)
    }
}

@Suite struct SendLedgerTests {
    @Test(arguments: StoreFixture.engines)
    func recordingAnOccurrenceAgainLeavesTheFirstRowExactlyAsItWas(engine: StoreEngine) throws {
        let fixture = try SendLedgerFixture(engine)
        let first = try fixture.recorded("c1", "Sara@Shop.example")
        #expect(first.status == .planned)
        #expect(first.attempts == 0)
        #expect(first.nextAttemptAt == SendLedgerFixture.sendAt)

        var again = fixture.due("c1", "changed@shop.example")
        again.status = .dropped
        again.sendAt = try instant("2026-05-10T09:00:00Z")
        again.plannedAt = try instant("2026-05-10T09:00:00Z")
        let nextYear = fixture.due("c1", "Sara@Shop.example", occurrence: "2027-05-10")
        #expect(try fixture.store.recordDue([again, nextYear]).count == 1)
        #expect(try fixture.store.delivery(id: first.id) == first)
        #expect(try fixture.store.deliveries(customerIDs: ["c1"]).count == 2)
        #expect(try fixture.store.recordDue([]).isEmpty)
    }

    @Test(arguments: StoreFixture.engines)
    func aClaimCountsTheAttemptAndKeepsTheConsentEventThatAuthorizedIt(engine: StoreEngine) throws {
        let fixture = try SendLedgerFixture(engine)
        let row = try fixture.recorded("c1", "Sara@Shop.example")
        let event = try #require(try fixture.store.consentLog(email: fixture.sara).last)
        #expect(try fixture.store.claim(row.id, now: SendLedgerFixture.sendAt) == .claimed(consentEvent: event.sequence))
        let sending = try #require(try fixture.store.delivery(id: row.id))
        #expect(sending.status == .sending)
        #expect(sending.attempts == 1)
        #expect(sending.consentEvent == event.sequence)
        #expect(try fixture.store.claim(row.id, now: SendLedgerFixture.sendAt) == .notWaiting(.sending))

        let retryAt = try instant("2026-05-10T06:31:00Z")
        try fixture.store.recordOutcome(row.id, .deferred(retryAt: retryAt, reply: "451 4.3.0 later", stage: "recipient"), now: SendLedgerFixture.sendAt)
        #expect(try fixture.store.waitingDeliveries(dueBy: SendLedgerFixture.sendAt).isEmpty)
        #expect(try fixture.store.waitingDeliveries(dueBy: retryAt).map(\.id) == [row.id])
        _ = try fixture.store.claim(row.id, now: retryAt)
        #expect(try fixture.store.delivery(id: row.id)?.attempts == 2)
        // A refused sending setup hands the attempt back.
        try fixture.store.recordOutcome(row.id, .requeued(reply: "535 5.7.8 no", stage: "authentication"), now: retryAt)
        let requeued = try #require(try fixture.store.delivery(id: row.id))
        #expect(requeued.status == .planned)
        #expect(requeued.attempts == 1)
        #expect(requeued.lastReply == "535 5.7.8 no")
    }

    /// Each way an address stops being writable after planning, seen by the claim itself.
    @Test(arguments: StoreFixture.engines, ["revoked", "suppressed", "forgotten", "never consented"])
    func aClaimOnAnAddressNoLongerWritableCancelsTheDelivery(engine: StoreEngine, change: String) throws {
        let fixture = try SendLedgerFixture(engine)
        let row = try fixture.recorded(change == "never consented" ? "c3" : "c1",
                                       change == "never consented" ? "nima@shop.example" : "Sara@Shop.example")
        let expected: String
        switch change {
        case "revoked":
            _ = try fixture.store.revoke(email: fixture.sara, source: "one-click unsubscribe", recordedBy: "tests")
            let event = try #require(try fixture.store.consentLog(email: fixture.sara).last)
            expected = "consent was withdrawn (event \(event.sequence))"
        case "suppressed":
            try fixture.store.suppress(email: try EmailAddress("sara@shop.example"), reason: "asked by phone", recordedBy: "ops")
            expected = "the address is suppressed (asked by phone)"
        case "forgotten":
            _ = try fixture.store.forget(email: fixture.sara)
            expected = "the customer was forgotten"
        default:
            expected = "the address has no consent"
        }
        #expect(try fixture.store.claim(row.id, now: SendLedgerFixture.sendAt) == .cancelled(reason: expected))
        let cancelled = try #require(try fixture.store.delivery(id: row.id))
        #expect(cancelled.status == .cancelled)
        #expect(cancelled.attempts == 0)
        #expect(cancelled.lastReply == expected)
        #expect(try fixture.store.claim(row.id, now: SendLedgerFixture.sendAt) == .notWaiting(.cancelled))
        #expect(try fixture.store.waitingDeliveries(dueBy: SendLedgerFixture.expiresAt).isEmpty)
    }

    @Test func aDeliveryLeftSendingByAKillBecomesInDoubtOrWaitsAgainUnderResend() throws {
        for resend in [false, true] {
            let fixture = try SendLedgerFixture()
            let interrupted = try fixture.recorded("c1", "Sara@Shop.example")
            let untouched = try fixture.recorded("c2", "reza@shop.example")
            _ = try fixture.store.claim(interrupted.id, now: SendLedgerFixture.sendAt)
            let restart = try instant("2026-05-10T07:00:00Z")
            let recovered = try fixture.store.recoverInterrupted(now: restart, resend: resend)
            #expect(recovered.map(\.id) == [interrupted.id])
            let row = try #require(try fixture.store.delivery(id: interrupted.id))
            #expect(row.status == (resend ? .deferred : .inDoubt))
            #expect(row.attempts == 1)
            #expect(row.lastReply?.contains("may have been delivered") == true)
            #expect(try fixture.store.delivery(id: untouched.id) == untouched)
            #expect(try fixture.store.waitingDeliveries(dueBy: restart).map(\.id)
                == (resend ? [untouched.id, interrupted.id] : [untouched.id]))
            #expect(try fixture.store.recoverInterrupted(now: restart, resend: resend).isEmpty)
        }
    }

    @Test(arguments: StoreFixture.engines)
    func anOperatorSettlesAnInDoubtDeliveryAsSentOrForResending(engine: StoreEngine) throws {
        let fixture = try SendLedgerFixture(engine)
        let held = try fixture.recorded("c1", "Sara@Shop.example")
        let again = try fixture.recorded("c2", "reza@shop.example")
        for row in [held, again] {
            _ = try fixture.store.claim(row.id, now: SendLedgerFixture.sendAt)
            try fixture.store.recordOutcome(row.id, .inDoubt(reply: "no reply", stage: "end_of_data"), now: SendLedgerFixture.sendAt)
        }
        let now = try instant("2026-05-10T08:00:00Z")
        let sent = try fixture.store.resolveInDoubt(held.id, as: .sent, by: "ops", now: now)
        #expect(sent.status == .sent)
        #expect(sent.sentAt == now)
        #expect(sent.lastReply == "resolved by ops as sent")
        let resend = try fixture.store.resolveInDoubt(again.id, as: .resend, by: "ops", now: now)
        #expect(resend.status == .deferred)
        #expect(resend.nextAttemptAt == now)
        #expect(resend.lastReply == "resolved by ops as resend")
        #expect(try fixture.store.waitingDeliveries(dueBy: now).map(\.id) == [again.id])
    }

    @Test(arguments: StoreFixture.engines)
    func resolvingADeliveryThatIsNotInDoubtIsRefusedWithItsStatus(engine: StoreEngine) throws {
        let fixture = try SendLedgerFixture(engine)
        let planned = try fixture.recorded("c1", "Sara@Shop.example")
        let error = try #require(throws: StoreError.self) {
            try fixture.store.resolveInDoubt(planned.id, as: .sent, by: "ops")
        }
        #expect(error.code == .invalidArgument)
        #expect(error.message == "delivery \(planned.id) is planned, not in_doubt; only in-doubt deliveries are resolved by hand")
        #expect(try fixture.store.delivery(id: planned.id) == planned)
        let missing = try #require(throws: StoreError.self) { try fixture.store.resolveInDoubt(999, as: .resend, by: "ops") }
        #expect(missing.message.contains("no delivery 999"))
    }

    @Test(arguments: StoreFixture.engines)
    func onlyWaitingDeliveriesPastTheirGraceExpire(engine: StoreEngine) throws {
        let fixture = try SendLedgerFixture(engine)
        let (waiting, sent) = try fixture.oneWaitingOneSent()
        #expect(try fixture.store.expireOverdue(now: SendLedgerFixture.expiresAt.addingTimeInterval(-1)).isEmpty)
        let expired = try fixture.store.expireOverdue(now: SendLedgerFixture.expiresAt)
        #expect(expired.map(\.id) == [waiting.id])
        #expect(expired.map(\.status) == [.expired])
        #expect(try fixture.store.delivery(id: waiting.id)?.status == .expired)
        #expect(try fixture.store.delivery(id: sent.id)?.status == .sent)
    }

    @Test(arguments: StoreFixture.engines)
    func postponingMovesOnlyAWaitingDeliveryAndCountsNoAttempt(engine: StoreEngine) throws {
        let fixture = try SendLedgerFixture(engine)
        let (waiting, sent) = try fixture.oneWaitingOneSent()
        let opening = try instant("2026-05-11T06:30:00Z")
        #expect(try fixture.store.postpone(waiting.id, until: opening, now: SendLedgerFixture.sendAt))
        let moved = try #require(try fixture.store.delivery(id: waiting.id))
        #expect(moved.status == .planned)
        #expect(moved.attempts == 0)
        #expect(moved.nextAttemptAt == opening)
        #expect(try fixture.store.waitingDeliveries(dueBy: opening.addingTimeInterval(-1)).isEmpty)
        let before = try fixture.store.delivery(id: sent.id)
        #expect(try !fixture.store.postpone(sent.id, until: opening, now: SendLedgerFixture.sendAt))
        #expect(try fixture.store.delivery(id: sent.id) == before)
    }
}
