import Foundation
import KeepsakeTestSupport
import ServiceLifecycle
import ServiceLifecycleTestKit
import Store
import Testing
@testable import KeepsakeDaemon

/// The daemon's services run in process, on a real SQLite store and the real capture server:
/// how they stop, how a signal reloads them, and who closes the SMTP transport.
@Suite("The daemon's services")
struct DaemonServiceTests {
    /// A graceful shutdown (SIGTERM in production) ends the ticks, then the TransportService
    /// closes the transport: `run()` returns and nothing can be sent any more.
    @Test func aGracefulShutdownStopsTheServicesAndClosesTheTransport() async throws {
        let fixture = try DaemonFixture()
        let transport = fixture.daemon.state.setup.transport
        try await testGracefulShutdown { trigger in
            let daemon = fixture.daemon
            let running = Task { try await daemon.run() }
            try await fixture.waitUntil("the first tick") { try fixture.store.lastTick() != nil }
            trigger.triggerGracefulShutdown()
            try await running.value
        }
        #expect(try await fixture.isShutDown(transport))
    }

    /// Each element of the injected signal sequence reloads: a broken configuration is refused
    /// (the running set and its transport stay), a fixed one is applied with a new transport; both
    /// transports are closed by the time the daemon has stopped.
    @Test func aSignalFromTheInjectedSequenceReloads() async throws {
        let fixture = try DaemonFixture()
        let first = fixture.daemon.state.setup.transport
        let good = try String(contentsOfFile: fixture.configurationPath, encoding: .utf8)
        let second = try await testGracefulShutdown { trigger in
            let daemon = fixture.daemon
            let running = Task { try await daemon.run() }
            try await fixture.waitUntil("the start recorded") { try fixture.store.lastReload() != nil }

            try fixture.rewriteConfiguration(good + "unknown_section: 1\n")
            fixture.hangups.yield(.sighup)
            try await fixture.waitUntil("the refused reload") { try fixture.store.lastReload()?.refusedAt != nil }
            let refusal = try #require(try fixture.store.lastReload())
            #expect(refusal.problems.contains { $0.contains("unknown_section") }, "\(refusal.problems)")
            #expect(fixture.daemon.state.setup.transport === first)

            try fixture.rewriteConfiguration(good)
            fixture.hangups.yield(.sighup)
            try await fixture.waitUntil("the applied reload") { try fixture.store.lastReload()?.refusedAt == nil }
            let second = fixture.daemon.state.setup.transport
            #expect(second !== first)
            trigger.triggerGracefulShutdown()
            try await running.value
            return second
        }
        #expect(try await fixture.isShutDown(first))
        #expect(try await fixture.isShutDown(second))
    }

    /// A sibling service that throws cancels the group: the daemon's services end and its
    /// transport is closed all the same (RunCommand used to close it after the group returned,
    /// which a throw skipped).
    @Test func theTransportIsClosedWhenASiblingServiceThrows() async throws {
        let fixture = try DaemonFixture()
        let transport = fixture.daemon.state.setup.transport
        let group = ServiceGroup(
            services: [fixture.daemon, FailingService(store: fixture.store)], logger: .init(label: "keepsake.daemon-tests"))
        await #expect(throws: FailingService.Failure.self) { try await group.run() }
        #expect(try await fixture.isShutDown(transport))
    }
}
