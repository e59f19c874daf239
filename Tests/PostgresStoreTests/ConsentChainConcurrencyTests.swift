import Dispatch
import Foundation
import Mail
import PostgresStore
@testable import Store
import Synchronization
import Testing

/// The consent ledger stays ONE linear chain when several processes append to it at once on one
/// PostgreSQL database (the web endpoints of several daemons, imports): each append waits for the
/// chain's advisory lock, so no two events take the same place in the chain.
@Suite("The consent chain under concurrent writers on PostgreSQL")
struct ConsentChainConcurrencyTests {
    @Test("four stores unsubscribing forty customers by one click at once leave one verified chain")
    func concurrentOneClickUnsubscribes() throws {
        let fixture = try PostgresFixture()
        let writers = 4
        let customersPerWriter = 10
        let first = try KeepsakeStore(database: fixture.database, location: fixture.settings.url)
        try first.importSession(commit: true, recordedBy: "test") { session in
            for index in 0..<(writers * customersPerWriter) {
                let email = try EmailAddress("customer\(index)@shop.example")
                _ = try session.upsert(CustomerRecord(id: "c\(index)", email: email))
                _ = try session.observeConsent(
                    ConsentObservation(status: .optedIn, occurredAt: Date(timeIntervalSince1970: 1_735_689_600), source: "checkout checkbox"),
                    email: email, customerID: "c\(index)")
            }
        }
        // One store (with its own connections) per writer, as one per daemon.
        let stores = try (0..<writers).map { _ in
            try KeepsakeStore(database: try PostgresStoreDatabase(settings: fixture.settings), location: fixture.settings.url)
        }
        let failures = Mutex<[String]>([])
        DispatchQueue.concurrentPerform(iterations: writers) { writer in
            for offset in 0..<customersPerWriter {
                let index = writer * customersPerWriter + offset
                do {
                    let outcome = try stores[writer].revokeByOneClick(
                        customerID: "c\(index)", ip: "203.0.113.\(writer)", reference: "campaign birthday",
                        occurredAt: Date(timeIntervalSince1970: 1_781_000_000), recordedBy: "keepsake run \(writer)")
                    guard case .revoked = outcome else { throw StoreError(.invalidArgument, "c\(index): \(outcome)") }
                } catch {
                    failures.withLock { $0.append("\(error)") }
                }
            }
        }
        #expect(failures.withLock { $0 } == [])
        guard case .intact(_, let count) = try first.verifyConsentLedger() else {
            Issue.record("the consent chain does not verify: \(try first.verifyConsentLedger())")
            return
        }
        #expect(count == 2 * writers * customersPerWriter)
    }
}
