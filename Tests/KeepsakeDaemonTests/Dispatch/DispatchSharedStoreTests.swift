import Foundation
import KeepsakeTestSupport
import Logging
import SMTP
import Store
import Testing
@testable import KeepsakeDaemon
import PlannerTestSupport

/// Two daemons on ONE store file, each with a store of its own opened on it and its own SMTP
/// transport to the real capture server: one plans at a time, each delivery goes out once, and
/// a pause stops both.
@Suite(.serialized) struct DispatchSharedStoreTests {
    static let first = DaemonIdentity(host: "shop-1", pid: 101, startedAt: DispatchFixture.opening)
    static let second = DaemonIdentity(host: "shop-2", pid: 202, startedAt: DispatchFixture.opening)

    static func minutes(_ count: Double) -> Date { DispatchFixture.opening.addingTimeInterval(count * 60) }

    @Test func onlyTheLeaseHolderPlansAndAnotherTakesOverWithinTwoTicksOfItsLastRenewal() async throws {
        let server = try CaptureServer.start()
        let fixture = try DispatchFixture([scripted("c1", nil), scripted("c2", nil)])
        let secondStore = try KeepsakeStore(path: fixture.store.path)

        let opening = try await fixture.tick(Self.first, at: Self.minutes(0), relay: server.url)
        #expect(opening.planning)
        #expect(opening.plannerRuns >= 1)
        #expect(opening.outcomes == ["sent": 2])

        // An import concerns everyone: a planner would plan again; the second daemon does not.
        try fixture.importOptedIn(scripted("c3", nil), into: secondStore)
        let skipped = try await fixture.tick(Self.second, store: secondStore, at: Self.minutes(0), relay: server.url)
        #expect(!skipped.planning)
        #expect(skipped.plannerRuns == 0)
        #expect(skipped.outcomes.isEmpty)
        let renewed = try await fixture.tick(Self.first, at: Self.minutes(1), relay: server.url)
        #expect(renewed.planning)
        #expect(renewed.plannerRuns >= 1)
        #expect(renewed.outcomes == ["sent": 1])

        // The first daemon is killed after its tick at minute 1: its lease runs to minute 3.
        try fixture.importOptedIn(scripted("c4", nil), into: secondStore)
        let stillHeld = try await fixture.tick(Self.second, store: secondStore, at: Self.minutes(2), relay: server.url)
        #expect(!stillHeld.planning)
        #expect(stillHeld.plannerRuns == 0)
        let takenOver = try await fixture.tick(Self.second, store: secondStore, at: Self.minutes(3), relay: server.url)
        #expect(takenOver.planning)
        #expect(takenOver.plannerRuns >= 1)
        #expect(takenOver.outcomes == ["sent": 1])

        let received = try server.receivedByMessageID()
        #expect(received.count == 4)
        #expect(received.values.allSatisfy { $0.count == 1 }, "a message received more than once")
        #expect(try ["c1", "c2", "c3"].map { try fixture.row($0).claimedBy } == Array(repeating: Self.first.id, count: 3))
        #expect(try fixture.row("c4").claimedBy == Self.second.id)
    }

    @Test func twoDaemonsSendingFromOneStoreSendEachDeliveryOnceAndBothObeyAPause() async throws {
        let server = try CaptureServer.start()
        let customers = (0..<300).map { scripted(String(format: "c%03d", $0), nil) }
        let fixture = try DispatchFixture(customers)
        let secondStore = try KeepsakeStore(path: fixture.store.path)

        // A pause written through one daemon's store stops the other's next tick.
        try secondStore.pauseSending(SendingPause(cause: .operator, reason: "keepsake pause", since: Self.minutes(0)))
        let planned = try await fixture.tick(Self.first, at: Self.minutes(0), relay: server.url)
        #expect(planned.recorded == 300)
        #expect(planned.pausedBecause == "keepsake pause")
        let paused = try await fixture.tick(Self.second, store: secondStore, at: Self.minutes(0), relay: server.url)
        #expect(paused.pausedBecause == "keepsake pause")
        #expect(planned.outcomes.isEmpty && paused.outcomes.isEmpty)
        #expect(try server.receivedByMessageID().isEmpty)
        #expect(try fixture.store.resumeSending() != nil)

        let firstStore = fixture.store, files = fixture.files
        async let first = tick(Self.first, store: firstStore, files: files, at: Self.minutes(1), relay: server.url, connections: 4)
        async let second = tick(Self.second, store: secondStore, files: files, at: Self.minutes(1), relay: server.url, connections: 4)
        let reports = try await [first, second]
        #expect(reports.map { $0.outcomes["sent"] ?? 0 }.reduce(0, +) == 300, "\(reports.map(\.outcomes))")

        let received = try server.receivedByMessageID()
        #expect(received.count == 300)
        #expect(received.values.allSatisfy { $0.count == 1 }, "a message received more than once")
        let rows = try fixture.store.deliveries(status: .sent, limit: 1_000)
        #expect(rows.count == 300)
        let byDaemon = Dictionary(grouping: rows, by: { $0.claimedBy ?? "nobody" }).mapValues(\.count)
        #expect(Set(byDaemon.keys).isSubset(of: [Self.first.id, Self.second.id]), "\(byDaemon)")
        #expect(byDaemon[Self.first.id] == reports[0].outcomes["sent"])
        #expect(byDaemon[Self.second.id] == reports[1].outcomes["sent"])
    }
}

extension DispatchFixture {
    /// One tick of the daemon `daemon` at `now`, through `store` (by default the fixture's own).
    func tick(
        _ daemon: DaemonIdentity, store: KeepsakeStore? = nil, at now: Date, relay: String, connections: Int = 1
    ) async throws -> TickReport {
        try await KeepsakeDaemonTests.tick(
            daemon, store: store ?? self.store, files: files, at: now, relay: relay, connections: connections)
    }

    /// Imports `customer`, opted in, through `store` (an import another daemon's planner must see).
    func importOptedIn(_ customer: CustomerRecord, into store: KeepsakeStore) throws {
        try store.importSession(commit: true, recordedBy: "shared store tests") { session in
            _ = try session.upsert(customer)
            let observation = ConsentObservation(
                status: .optedIn, occurredAt: DispatchFixture.opening.addingTimeInterval(-86_400), source: "checkout checkbox")
            _ = try session.observeConsent(observation, email: customer.email, customerID: customer.id)
        }
    }
}

/// One tick of the daemon `daemon` at `now` with `files`, through `store`, a transport of its own
/// and `pacer`.
func tick(
    _ daemon: DaemonIdentity, store: KeepsakeStore, files: CampaignFiles, at now: Date, relay: String, connections: Int,
    pacer: Pacer = Pacer()
) async throws -> TickReport {
    let configuration = try SMTPConfiguration(
        url: relay, startTLS: .off, heloName: "keepsake.test", connectTimeout: .seconds(5),
        replyTimeout: .seconds(10), totalTimeout: .seconds(30))
    let transport = try SMTPTransport(configuration: configuration, connections: connections)
    let dispatcher = Dispatcher(
        store: store, transport: transport, settings: .init(envelopeSender: DispatchFixture.envelopeSender),
        logger: Logger(label: "keepsake.dispatch-tests") { _ in SwiftLogNoOpLogHandler() }, pacer: pacer, daemon: daemon)
    do {
        let report = try await dispatcher.tick(now: now, files: files)
        await transport.shutdown()
        return report
    } catch {
        await transport.shutdown()
        throw error
    }
}
