import Foundation
#if canImport(Glibc)
import Glibc
#endif
import KeepsakeTestSupport
import Store
import Testing

/// Three `keepsake run` daemons on one PostgreSQL store and one relay, killed with SIGKILL one at a
/// time at seeded random moments and started again: the day's 5,000 messages arrive once each,
/// except the ones in doubt, each attributed to the daemon killed while holding it, and planning
/// moves to another daemon when its holder dies.
@Suite("three daemons on one PostgreSQL under SIGKILL", .serialized)
struct PostgresFleetTests {
    /// The generated audience: 5,560 birthdays on 06-15, nine in ten opted in.
    static let audience = 5_560
    static let expected = 5_004
    /// Zones whose 10:00–20:00 windows are all open at 12:00 UTC, so one instant has the whole day due.
    static let zones = ["UTC", "Europe/Paris", "Asia/Tehran", "Asia/Dubai"]
    static let connections = 4

    @Test("three daemons send a 5,000-delivery day while one after another is killed: none twice, every missing one in doubt and attributed, planning fails over")
    func threeDaemonsUnderSIGKILL() throws {
        let replay = SplitMix64.seeded(for: "fleet test")
        let seed = replay.seed
        var random = replay.generator
        let fixture = try DaemonFixture(
            generated: Self.audience, birthday: "06-15", samples: false, zones: Self.zones,
            postgres: try PostgresServer.shared().makeDatabase())
        let store = try fixture.openStore()
        let fleet = try Fleet(fixture, size: 3, startingAt: Instants.parse("2026-06-15T12:00:00Z"))
        defer { fleet.killAll() }

        // The planner dies first, as soon as it holds the lease: another daemon must plan the day.
        let planner = try fleet.waitFor("a daemon holding the planning lease") {
            try store.daemons(now: fleet.clock()).first { $0.holdsPlanningLease }
        }
        let plannerSlot = try #require(fleet.slot(pid: planner.pid), "the lease holder \(planner.id) is not one of the three")
        try fleet.kill(plannerSlot)
        let successor = try fleet.waitFor("another daemon taking the planning lease") {
            try store.daemons(now: fleet.clock()).first { $0.holdsPlanningLease && $0.id != planner.id }
        }
        print("fleet test: planning moved from \(planner.id) to \(successor.id)")
        try fleet.launch(plannerSlot)

        // Then seven more kills, each of a random daemon not planning (planning restarted again and
        // again would only make the day long): odd ones among those that have had messages accepted
        // since they started, even ones at a random moment; each restarted at once.
        var kills = 1
        while kills < 8, try !Self.dayIsOver(store) {
            let candidates = try fleet.waitFor("a daemon sending, or the day over", patience: 240) { () throws -> [Int]? in
                let planner = try store.daemons(now: fleet.clock()).first { $0.holdsPlanningLease }.flatMap { fleet.slot(pid: $0.pid) }
                let candidates = (0..<3).filter { $0 != planner && (kills % 2 == 0 || fleet.hasSent($0)) }
                if !candidates.isEmpty { return candidates }
                return try Self.dayIsOver(store) ? [] : nil
            }
            guard !candidates.isEmpty else { break }
            let slot = candidates[Int(random.next() % UInt64(candidates.count))]
            usleep(useconds_t(random.next() % 1_500_000))
            try fleet.kill(slot)
            try fleet.launch(slot)
            kills += 1
        }
        do {
            _ = try fleet.waitFor("the day sent, nothing left waiting or claimed", patience: 300, every: 0.25) { () throws -> Bool? in
                try Self.dayIsOver(store) ? true : nil
            }
        } catch {
            let counts = try LedgerStatus.allCases.map { "\($0.rawValue) \(try store.deliveryCount(matching: DeliveryFilter(status: $0)))" }
            throw FixtureError("seed \(seed): \(error); the ledger: \(counts.joined(separator: ", "))")
        }
        try fleet.stopAll()

        let sent = try store.deliveries(status: .sent, limit: 100_000)
        let inDoubt = try store.deliveries(status: .inDoubt, limit: 100_000)
        #expect(sent.count + inDoubt.count == Self.expected, "seed \(seed): \(sent.count) sent, \(inDoubt.count) in doubt")
        #expect(inDoubt.count <= kills * Self.connections, "seed \(seed): at most one in doubt per connection and kill")
        // Every delivery in doubt is held by a daemon that was killed while holding it.
        let unattributed = inDoubt.filter { delivery in
            !(delivery.claimedBy.flatMap(Fleet.pid(ofDaemon:)).map(fleet.killedPIDs.contains) ?? false)
        }
        #expect(unattributed.isEmpty, "seed \(seed): in doubt, not held by a killed daemon: \(unattributed.map { "\($0.id) \($0.claimedBy ?? "-")" })")

        var received: [String: Int] = [:]
        let checks = try MessageChecker.checkDirectory(fixture.server.spoolDirectory)
        for check in checks {
            #expect(check.defects.isEmpty, "\(check.file ?? "?"): \(check.defects)")
            received[try #require(check.header("Message-ID")), default: 0] += 1
        }
        DaemonCrashTests.expectEachSentReceivedOnce(received, sent: sent, inDoubt: inDoubt, seed: seed)
        print("fleet test: \(kills) kills, \(sent.count) sent, \(inDoubt.count) in doubt, \(received.count) received")
    }

    /// Whether every delivery of the day is recorded and none waits or is claimed.
    static func dayIsOver(_ store: KeepsakeStore) throws -> Bool {
        let count = { (status: LedgerStatus) in try store.deliveryCount(matching: DeliveryFilter(status: status)) }
        return try count(.sending) == 0 && store.waitingDeliveryCounts().values.allSatisfy { $0 == 0 }
            && count(.sent) + count(.inDoubt) == expected
    }
}

/// Daemons of one ``DaemonFixture``, each in a slot that is killed and started again; their
/// clocks (`--now`) run from one shared origin, as real hosts' clocks agree.
final class Fleet {
    private let fixture: DaemonFixture
    private let origin = Date()
    private let start: Date
    private var daemons: [(process: Process, log: URL)] = []
    /// The processes killed with SIGKILL.
    private(set) var killedPIDs: Set<Int64> = []

    init(_ fixture: DaemonFixture, size: Int, startingAt start: Date) throws {
        self.fixture = fixture
        self.start = start
        for _ in 0..<size { daemons.append(try launchDaemon()) }
    }

    /// The daemons' shared clock: `start`, running on.
    func clock() -> Date { start.addingTimeInterval(Date().timeIntervalSince(origin)) }

    func slot(pid: Int64) -> Int? { daemons.firstIndex { Int64($0.process.processIdentifier) == pid } }

    /// SIGKILL to the daemon in `slot`, waiting for it to end.
    func kill(_ slot: Int) throws {
        let process = daemons[slot].process
        guard process.isRunning else { throw FixtureError("daemon \(slot) had exited: \(tail(slot))") }
        Glibc.kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        killedPIDs.insert(Int64(process.processIdentifier))
    }

    /// Starts the daemon of `slot` again (a new process, a new daemon identity).
    func launch(_ slot: Int) throws { daemons[slot] = try launchDaemon() }

    /// Whether the daemon in `slot` has had a message accepted by the relay.
    func hasSent(_ slot: Int) -> Bool { DaemonCrashTests.hasSent(daemons[slot].log) }

    /// SIGTERM to every daemon; each must stop cleanly.
    func stopAll() throws {
        for daemon in daemons { Glibc.kill(daemon.process.processIdentifier, SIGTERM) }
        for (slot, daemon) in daemons.enumerated() {
            daemon.process.waitUntilExit()
            guard daemon.process.terminationReason == .exit, daemon.process.terminationStatus == 0 else {
                throw FixtureError("daemon \(slot) did not stop cleanly: \(tail(slot))")
            }
        }
    }

    func killAll() {
        for daemon in daemons where daemon.process.isRunning {
            Glibc.kill(daemon.process.processIdentifier, SIGKILL)
            daemon.process.waitUntilExit()
        }
    }

    /// Polls `found` every `every` seconds until it gives a value; throws after `patience` seconds,
    /// or when a daemon has exited by itself.
    func waitFor<Value>(
        _ what: String, patience: TimeInterval = 60, every: TimeInterval = 0.02, _ found: () throws -> Value?
    ) throws -> Value {
        let deadline = Date().addingTimeInterval(patience)
        while true {
            if let value = try found() { return value }
            if let exited = daemons.firstIndex(where: { !$0.process.isRunning && !killedPIDs.contains(Int64($0.process.processIdentifier)) }) {
                throw FixtureError("daemon \(exited) exited while waiting for \(what): \(tail(exited))")
            }
            guard Date() < deadline else { throw FixtureError("gave up waiting for \(what)") }
            usleep(useconds_t(every * 1_000_000))
        }
    }

    /// The pid in a daemon id (`host:pid:started`).
    static func pid(ofDaemon id: String) -> Int64? {
        let parts = id.split(separator: ":", maxSplits: 2)
        return parts.count == 3 ? Int64(parts[1]) : nil
    }

    private func tail(_ slot: Int) -> String {
        String(((try? String(contentsOf: daemons[slot].log, encoding: .utf8)) ?? "").suffix(2_000))
    }

    /// A daemon ticking every 2 s, started on a whole second of the shared clock so that its own
    /// clock agrees with the others' to within its start-up.
    private func launchDaemon() throws -> (process: Process, log: URL) {
        let now = clock()
        let second = now.timeIntervalSinceReferenceDate.rounded(.up)
        usleep(useconds_t((second - now.timeIntervalSinceReferenceDate) * 1_000_000))
        let instant = Instants.text(Date(timeIntervalSinceReferenceDate: second))
        return try fixture.launch(["run", "--now", instant], extraEnvironment: [
            "KEEPSAKE_DAEMON_TICK": "2s", "KEEPSAKE_SMTP_CONNECTIONS": String(PostgresFleetTests.connections),
        ])
    }
}
