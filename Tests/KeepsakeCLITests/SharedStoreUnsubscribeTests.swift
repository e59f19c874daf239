import Foundation
import KeepsakeTestSupport
import Mail
import Store
import Synchronization
import Testing

/// Two `keepsake run` on one store, each with its own listener: one-click unsubscribes posted to
/// both at once all land in the one consent chain, which still verifies. On either engine: two
/// processes on one SQLite file, or two daemons on one PostgreSQL database.
@Suite("two daemons' one-click endpoints on one store", .serialized)
struct SharedStoreUnsubscribeTests {
    @Test(
        "concurrent one-click unsubscribes through two daemons: every one recorded, once, and keepsake consent verify passes",
        arguments: StoreEngine.allCases)
    func concurrentUnsubscribesThroughTwoDaemons(engine: StoreEngine) throws {
        let fixture = try DaemonFixture(
            generated: 24, birthday: "06-15", samples: false, zones: UnsubscribeEndpointTests.zones,
            postgres: engine == .postgresql ? try PostgresServer.shared().makeDatabase() : nil)
        let first = try ListeningDaemon(fixture, now: UnsubscribeEndpointTests.noon)
        defer { first.daemon.killIfRunning() }
        let second = try ListeningDaemon(fixture, now: UnsubscribeEndpointTests.noon)
        defer { second.daemon.killIfRunning() }
        try first.waitForTicks()
        try second.waitForTicks()
        let links = try fixture.capturedByRecipient().mapValues { try #require($0.oneClickLink) }
        try #require(links.count >= 20, "sent: \(links.keys.sorted())")
        let before = try Self.verifiedEvents(fixture)

        // Every address posted once to each daemon, all at the same time: 2 × 20+ concurrent writers.
        let posts = links.sorted { $0.key < $1.key }.flatMap { [($0.value, first), ($0.value, second)] }
        let statuses = Mutex([Int](repeating: 0, count: posts.count))
        DispatchQueue.concurrentPerform(iterations: posts.count) { index in
            let (link, daemon) = posts[index]
            let status = (try? daemon.local(link)).flatMap { try? Curl.request("POST", $0, body: "List-Unsubscribe=One-Click").status }
            statuses.withLock { $0[index] = status ?? -1 }
        }
        #expect(statuses.withLock { $0 }.allSatisfy { $0 == 200 }, "\(statuses.withLock { $0 })")

        // One withdrawal per address (the second post to it writes nothing), in one intact chain.
        #expect(try Self.verifiedEvents(fixture) == before + links.count)
        let store = try fixture.openStore()
        for address in links.keys {
            #expect(try store.currentConsent(email: try EmailAddress(address)) == .optedOut, "\(address)")
        }
        // Each withdrawal written by exactly one of the two daemons (which one wins a race is the
        // scheduler's choice: one daemon may win them all); the other says it was already withdrawn.
        let written = [first, second].map { $0.daemon.log().components(separatedBy: "msg=unsubscribed ").count - 1 }
        #expect(written.reduce(0, +) == links.count, "withdrawals logged by each daemon: \(written)")
        try first.stop()
        try second.stop()
    }

    /// The events `keepsake consent verify` counts, failing the test unless it passes.
    static func verifiedEvents(_ fixture: DaemonFixture) throws -> Int {
        let verify = try fixture.keepsake(["consent", "verify"], files: false)
        try #require(verify.status == 0, "consent verify: \(verify.standardOutput) \(verify.standardError)")
        let count = verify.standardOutput.firstMatch(of: /intact: ([0-9]+) events/).flatMap { Int($0.1) }
        return try #require(count, "consent verify: \(verify.standardOutput)")
    }
}
