import Foundation
import Mail
import Testing
@testable import Store

/// The suppression breaker in the store: the reply pattern, the row of hard bounces, and what a
/// trip, `confirm` and `undo` leave behind — across a reopened store.
@Suite struct SuppressionBreakerTests {
    @Test(arguments: [
        ("550 5.1.1 <sara@example.com>: Recipient address rejected: User unknown",
         "550 5.1.1 <address>: recipient address rejected: user unknown"),
        ("550 5.1.1 reza@shop.example... User unknown", "550 5.1.1 <address> user unknown"),
        ("550-5.1.1 The email account that you tried to reach does not exist. d2e1a72fcca58-7fd4b3si1234 - gsmtp",
         "550-5.1.1 the email account that you tried to reach does not exist. # - gsmtp"),
        ("550   User   unknown (queue 4Fx2k9ZQ)", "550 user unknown (queue #"),
        ("553 5.1.3 <unterminated", "553 5.1.3 <address>"),
    ])
    func theReplyPatternLeavesOutWhatDiffersPerRecipient(reply: String, pattern: String) {
        #expect(SuppressionBreaker.pattern(of: reply) == pattern)
    }

    @Test func aPatternIsBounded() {
        let long = "550 5.1.1 " + String(repeating: "User unknown ", count: 10_000)
        #expect(SuppressionBreaker.pattern(of: long).count == 300)
        #expect(SuppressionBreaker(limit: 0).limit == 1)
        #expect(SuppressionBreaker(limit: 1_000_000).limit == 1_000)
    }

    /// Deliveries to b01…bNN@shop.example, recorded.
    private func bounces(_ fixture: SendLedgerFixture, _ count: Int, first: Int = 1) throws -> [LedgerDelivery] {
        try (first..<(first + count)).map { try fixture.recorded(String(format: "b%02d", $0), String(format: "b%02d@shop.example", $0)) }
    }

    private func bounce(_ fixture: SendLedgerFixture, _ delivery: LedgerDelivery, _ text: String = "User unknown",
                        breaker: SuppressionBreaker) throws -> SuppressionEffect? {
        try fixture.store.recordOutcome(
            delivery.id, .failed(reply: "550 5.1.1 <\(delivery.email!)>: \(text)", stage: "recipient", suppress: true),
            now: SendLedgerFixture.sendAt, breaker: breaker)
    }

    @Test func anotherReplyStartsANewRowAndATripTakesOnlyTheRowsOwnEntriesOffTheList() throws {
        let fixture = try SendLedgerFixture()
        let breaker = SuppressionBreaker(limit: 3)
        let rows = try bounces(fixture, 5)
        // b03's address was suppressed by an operator before: its entry stays whatever happens.
        try fixture.store.suppress(email: EmailAddress("b03@shop.example"), reason: "asked by phone", recordedBy: "test")
        #expect(try bounce(fixture, rows[0], "Mailbox unavailable", breaker: breaker) == .suppressed)
        #expect(try bounce(fixture, rows[1], breaker: breaker) == .suppressed)
        #expect(try bounce(fixture, rows[2], breaker: breaker) == .suppressed)
        #expect(try fixture.store.suppressionCount() == 3)
        let tripped = try bounce(fixture, rows[3], breaker: breaker)
        #expect(tripped == .tripped(count: 3, pattern: "550 5.1.1 <address>: user unknown"))
        #expect(try fixture.store.pendingSuppressions().map(\.deliveryID) == [rows[1].id, rows[2].id, rows[3].id])
        #expect(try fixture.store.suppressions().map(\.email) == ["b01@shop.example", "b03@shop.example"])
        #expect(try bounce(fixture, rows[4], "Mailbox unavailable", breaker: breaker) == .held)

        // What the store holds survives a restart.
        let reopened = try fixture.base.reopened()
        #expect(try reopened.pendingSuppressions().count == 4)
        #expect(try reopened.sendingPause()?.cause == .suppressionBreaker)
        #expect(try reopened.sendingPause()?.reason.contains("4 recipients in a row") == true)
        #expect(try reopened.resumeSending() == nil)
        #expect(try reopened.confirmPendingSuppressions(recordedBy: "test confirm") == 4)
        #expect(try reopened.suppressionCount() == 5)
        #expect(try reopened.suppression(of: EmailAddress("b03@shop.example"))?.reason == "asked by phone")
        #expect(try reopened.sendingPause() == nil)
    }

    @Test(arguments: StoreFixture.engines)
    func undoPutsTheHeldDeliveriesBackToWaitAndPausesSending(engine: StoreEngine) throws {
        let fixture = try SendLedgerFixture(engine)
        let breaker = SuppressionBreaker(limit: 2)
        let rows = try bounces(fixture, 2)
        _ = try rows.map { try bounce(fixture, $0, breaker: breaker) }
        let later = SendLedgerFixture.sendAt.addingTimeInterval(600)
        let pause = SendingPause(cause: .operator, reason: "undo", since: later)
        #expect(try fixture.store.undoPendingSuppressions(now: later, pause: pause) == rows.map(\.id))
        #expect(try fixture.store.sendingPause() == pause)
        for row in rows {
            let waiting = try #require(try fixture.store.delivery(id: row.id))
            #expect(waiting.status == .planned)
            #expect(waiting.attempts == 0)
            #expect(waiting.nextAttemptAt == later)
        }
        #expect(try fixture.store.suppressionCount() == 0)
        #expect(try fixture.store.undoPendingSuppressions(now: later, pause: pause).isEmpty)
    }
}
