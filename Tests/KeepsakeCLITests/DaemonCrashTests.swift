import Foundation
import KeepsakeTestSupport
import Store
import Testing

/// Crash safety: `kill -9` at any moment loses nothing that had not reached the relay and never
/// sends twice what the relay accepted; the only uncertainty is a message in flight, in doubt.
@Suite("keepsake run under SIGKILL", .serialized)
struct DaemonCrashTests {
    /// One day, its runs alternately with one relay connection and with sixteen (the most messages
    /// in flight at a kill, committed in groups), so that both are killed mid-transfer.
    @Test("a 5,000-delivery day killed at random moments at least 10 times, with 1 and 16 connections in turn: everything arrives once, except in-doubt ones (never twice)")
    func killedAtRandomMoments() throws {
        let replay = SplitMix64.seeded(for: "crash test")
        let seed = replay.seed
        var random = replay.generator
        // Zones whose 10:00–20:00 windows are all open at 12:00 UTC, so one instant has the whole day due.
        let fixture = try DaemonFixture(generated: 5_560, birthday: "06-15", samples: false, zones: ["UTC", "Europe/Paris", "Asia/Tehran", "Asia/Dubai"])
        let now = "2026-06-15T12:00:00Z"
        let arguments = ["run", "--once", "--now", now]

        var kills = 0
        var killsWhileSending = 0
        // At most one delivery in doubt per connection of each run killed.
        var inDoubtBound = 0
        var completed = false
        while kills < 10 || !completed {
            let connections = kills % 4 < 2 ? 1 : 16
            let (process, log) = try fixture.launch(arguments, extraEnvironment: ["KEEPSAKE_SMTP_CONNECTIONS": String(connections)])
            // Ten kills, then runs that are left to finish. Even kills come at a random moment after
            // the start (planning, recording, composing, mid-transfer); odd ones a random moment after
            // this run's first message reached the relay, so that transfers are in flight however
            // slowly a loaded machine plans.
            if kills < 10 && kills % 2 == 1 {
                while process.isRunning && !Self.hasSent(log) { usleep(5_000) }
            }
            let delay = kills >= 10 ? 600 : kills % 2 == 1 ? Double(random.next() % 250) / 1_000 : Double(random.next() % 2_500) / 1_000 + 0.2
            let deadline = Date().addingTimeInterval(delay)
            while process.isRunning && Date() < deadline { usleep(10_000) }
            if process.isRunning {
                if Self.hasSent(log) { killsWhileSending += 1 }
                kill(process.processIdentifier, SIGKILL)
                process.waitUntilExit()
                kills += 1
                inDoubtBound += connections
            } else {
                let output = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
                #expect(process.terminationStatus == 0, "run exited with \(process.terminationStatus): \(output.suffix(2_000))")
                // A tick may stop early (the relay refused a connection): the next run goes on.
                let store = try KeepsakeStore(path: fixture.database)
                completed = try store.deliveries(status: .planned, limit: 1).isEmpty
                    && store.deliveries(status: .deferred, limit: 1).isEmpty
                if !completed { print("run ended with deliveries waiting: \(output.split(separator: "\n").filter { !$0.contains("msg=\"delivery sent\"") }.suffix(5).joined(separator: "\n"))") }
            }
            try #require(kills <= 10, "seed \(seed): the day never finished")
        }

        let store = try KeepsakeStore(path: fixture.database)
        let inDoubt = try store.deliveries(status: .inDoubt, limit: 100_000)
        let sent = try store.deliveries(status: .sent, limit: 100_000)
        let waiting = try store.deliveries(status: .planned, limit: 10) + store.deliveries(status: .deferred, limit: 10)
        #expect(waiting.isEmpty, "seed \(seed): deliveries still waiting: \(waiting.map(\.id))")
        #expect(sent.count + inDoubt.count >= 5_000, "seed \(seed): \(sent.count) sent, \(inDoubt.count) in doubt")
        #expect(inDoubt.count <= inDoubtBound, "seed \(seed): at most one in doubt per connection and kill (\(inDoubtBound))")
        #expect(killsWhileSending >= 5, "seed \(seed): only \(killsWhileSending) kills landed while messages were being sent")

        var received: [String: Int] = [:]
        let messages = try fixture.server.messages()
        for message in messages {
            received[try #require(Self.messageID(of: message.raw)), default: 0] += 1
        }
        // The independent parser agrees on every message (one Python run over the spool).
        let checks = try MessageChecker.checkDirectory(fixture.server.spoolDirectory)
        #expect(checks.count == messages.count)
        #expect(checks.allSatisfy { $0.defects.isEmpty }, "seed \(seed): a message has defects")
        #expect(Set(checks.compactMap { $0.header("Message-ID") }) == Set(received.keys))
        DaemonCrashTests.expectEachSentReceivedOnce(received, sent: sent, inDoubt: inDoubt, seed: seed)
        print("crash test: \(kills) kills (\(killsWhileSending) while sending), \(sent.count) sent, \(inDoubt.count) in doubt, \(received.count) received")
    }
}

extension DaemonCrashTests {
    /// What the relay received (count by Message-ID) against the ledger: nothing twice, every
    /// delivery recorded sent received once, and nothing received that is neither sent nor in doubt.
    static func expectEachSentReceivedOnce(
        _ received: [String: Int], sent: [LedgerDelivery], inDoubt: [LedgerDelivery], seed: UInt64,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        let twice = received.filter { $0.value > 1 }
        #expect(twice.isEmpty, "seed \(seed): received more than once: \(twice.keys.sorted())", sourceLocation: sourceLocation)
        let missing = sent.filter { received[$0.messageID] != 1 }
        #expect(missing.isEmpty, "seed \(seed): recorded sent but not received: \(missing.map(\.id))", sourceLocation: sourceLocation)
        let unexplained = Set(received.keys).subtracting(sent.map(\.messageID)).subtracting(inDoubt.map(\.messageID))
        #expect(unexplained.isEmpty, "seed \(seed): received but recorded neither sent nor in doubt: \(unexplained.sorted())", sourceLocation: sourceLocation)
    }

    /// Whether the run logging to `log` has had a message accepted by the relay.
    static func hasSent(_ log: URL) -> Bool {
        guard let text = try? String(contentsOf: log, encoding: .utf8) else { return false }
        return text.contains("msg=\"delivery sent\"")
    }

    /// The Message-ID header's value, read from the raw header block (it is never folded).
    static func messageID(of raw: [UInt8]) -> String? {
        let text = String(decoding: raw.prefix(8_192), as: UTF8.self)
        for line in text.components(separatedBy: "\r\n") {
            if line.isEmpty { return nil }
            if line.lowercased().hasPrefix("message-id:") {
                return line.dropFirst("message-id:".count).trimmingCharacters(in: .whitespaces)
            }
        }
        return nil
    }
}

/// A small seeded generator, so a failing run can be replayed from its printed seed.
struct SplitMix64: RandomNumberGenerator {
    /// A generator seeded from `KEEPSAKE_CRASH_SEED`, or at random; the seed is printed for `test`
    /// so that a failing run can be replayed.
    static func seeded(for test: String) -> (seed: UInt64, generator: SplitMix64) {
        let seed = ProcessInfo.processInfo.environment["KEEPSAKE_CRASH_SEED"].flatMap(UInt64.init)
            ?? UInt64.random(in: 1...UInt64.max)
        print("\(test) seed: \(seed) (replay with KEEPSAKE_CRASH_SEED=\(seed))")
        return (seed, SplitMix64(seed: seed))
    }

    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var mixed = state
        mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
        mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
        return mixed ^ (mixed >> 31)
    }
}
