import Calendars
import Foundation
import Testing
@testable import Store

/// The daemon's group commit: claims and outcomes submitted while a transaction commits go
/// together into the next one, each caller resuming only once its own write is committed.
@Suite struct LedgerWriterTests {
    /// `count` waiting deliveries of Sara (opted in), one per occurrence day from 2026-05-01.
    private func waiting(_ fixture: SendLedgerFixture, count: Int) throws -> [LedgerDelivery] {
        let start = try LocalDate(parsing: "2026-05-01")
        let due = (0..<count).map { fixture.due("c1", "Sara@Shop.example", occurrence: start.adding(days: $0).description) }
        #expect(try fixture.store.recordDue(due).count == count)
        return try fixture.store.deliveries(customerIDs: ["c1"]).sorted { $0.id < $1.id }
    }

    /// Claims `ids` while another writer holds the store: the first claim's transaction waits for
    /// it and every other claim waits behind that one, so they share the next transaction.
    private func claimTogether(
        _ ids: [Int64], writer: LedgerWriter, store: KeepsakeStore
    ) async -> [Int64: Result<ClaimOutcome, any Error>] {
        let holding = DispatchSemaphore(value: 0)
        let release = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            try? store.database.write { _ in
                holding.signal()
                release.wait()
            }
        }
        holding.wait()
        return await withTaskGroup(of: (Int64, Result<ClaimOutcome, any Error>).self) { group in
            for id in ids {
                group.addTask {
                    do { return (id, .success(try await writer.claim(id, now: SendLedgerFixture.sendAt))) }
                    catch { return (id, .failure(error)) }
                }
            }
            while writer.waitingWrites < ids.count - 1 { try? await Task.sleep(for: .milliseconds(5)) }
            release.signal()
            return await group.reduce(into: [:]) { $0[$1.0] = $1.1 }
        }
    }

    @Test(arguments: StoreFixture.engines)
    func claimsSubmittedWhileATransactionCommitsShareTheNextOne(engine: StoreEngine) async throws {
        let fixture = try SendLedgerFixture(engine)
        let rows = try waiting(fixture, count: 40)
        let writer = LedgerWriter(store: fixture.store)
        let outcomes = await claimTogether(rows.map(\.id), writer: writer, store: fixture.store)
        #expect(outcomes.count == 40)
        #expect(outcomes.values.allSatisfy { (try? $0.get())?.isClaimedForTest == true })
        // The first claim alone (when its transaction started before the others came) or with
        // them; never one transaction per claim.
        let statistics = writer.statistics
        #expect(statistics.transactions <= 2)
        #expect(statistics.writes == 40)
        for row in rows {
            #expect(try fixture.store.delivery(id: row.id)?.status == .sending)
        }
    }

    @Test(arguments: StoreFixture.engines)
    func aCallerResumesOnlyOnceItsWriteIsCommitted(engine: StoreEngine) async throws {
        let fixture = try SendLedgerFixture(engine)
        let row = try #require(try waiting(fixture, count: 1).first)
        let writer = LedgerWriter(store: fixture.store)
        #expect(try await writer.claim(row.id, now: SendLedgerFixture.sendAt).isClaimedForTest)
        // Read through another connection: the claim is already there.
        #expect(try fixture.store.delivery(id: row.id)?.status == .sending)
        try await writer.recordOutcome(row.id, .sent(reply: "250 2.0.0 Ok", stage: "end_of_data"), now: SendLedgerFixture.sendAt)
        let sent = try #require(try fixture.store.delivery(id: row.id))
        #expect(sent.status == .sent)
        #expect(sent.lastReply == "250 2.0.0 Ok")
        #expect(sent.attempts == 1)
    }

    @Test(arguments: StoreFixture.engines)
    func oneFailingWriteDoesNotUndoTheOthersOfItsGroup(engine: StoreEngine) async throws {
        let fixture = try SendLedgerFixture(engine)
        let rows = try waiting(fixture, count: 3)
        let writer = LedgerWriter(store: fixture.store)
        let results = await claimTogether(rows.map(\.id) + [999_999], writer: writer, store: fixture.store)
        for row in rows {
            #expect((try? results[row.id]?.get())?.isClaimedForTest == true)
            #expect(try fixture.store.delivery(id: row.id)?.status == .sending)
        }
        #expect(throws: StoreError.self) { try results[999_999]!.get() }
    }

    @Test(arguments: StoreFixture.engines)
    func aWithdrawnConsentCancelsTheClaimInTheGroup(engine: StoreEngine) async throws {
        let fixture = try SendLedgerFixture(engine)
        let row = try #require(try waiting(fixture, count: 1).first)
        _ = try fixture.store.revoke(
            email: fixture.sara, source: "one-click unsubscribe", occurredAt: try instant("2026-05-09T00:00:00Z"),
            recordedBy: "ledger writer tests")
        let writer = LedgerWriter(store: fixture.store)
        let claim = try await writer.claim(row.id, now: SendLedgerFixture.sendAt)
        guard case .cancelled(let reason) = claim else {
            Issue.record("expected a cancelled claim, got \(claim)")
            return
        }
        #expect(reason.contains("consent was withdrawn"))
        #expect(try fixture.store.delivery(id: row.id)?.status == .cancelled)
    }
}

extension ClaimOutcome {
    var isClaimedForTest: Bool {
        if case .claimed = self { true } else { false }
    }
}
