import Calendars
import Foundation
import SMTP

// keepsake-bench: Keepsake's raw SMTP transport rate, without planning, rendering or the ledger.
// One message is composed once and sent --messages times through SMTPTransport over
// --connections connections, keeping twice as many messages in flight as there are connections.
// --dkim-signatures N measures DKIM signing instead (SigningBench.swift), --plan-date DAY
// planning a day over a store (PlanningBench.swift).

let options: TransportBenchOptions
do {
    options = try TransportBenchOptions(arguments: Array(CommandLine.arguments.dropFirst()))
} catch {
    FileHandle.standardError.write(Data("keepsake-bench: \(error)\n".utf8))
    exit(64)
}

if let signatures = options.dkimSignatures {
    do {
        try SigningBench.run(count: signatures, messageDirectory: options.messageDirectory)
        exit(0)
    } catch {
        FileHandle.standardError.write(Data("keepsake-bench: \(error)\n".utf8))
        exit(1)
    }
}

if let planDate = options.planDate {
    do {
        let day = try LocalDate(parsing: planDate)
        let nowText = options.now ?? "\(planDate)T00:00:00Z"
        guard let now = ISO8601DateFormatter().date(from: nowText) else {
            throw TransportBenchError("--now \(nowText): write an instant such as 2026-03-21T00:00:00Z")
        }
        try PlanningBench.run(day: day, now: now, database: options.database, campaignsDirectory: options.campaignsDirectory)
        exit(0)
    } catch {
        FileHandle.standardError.write(Data("keepsake-bench: \(error)\n".utf8))
        exit(1)
    }
}

do {
    let bytes = try BenchmarkMessage.compose(directory: options.messageDirectory)
    let configuration = try SMTPConfiguration(url: options.url, startTLS: .off)
    let envelope = try SMTPEnvelope(sender: "bounces@shop.example", recipient: "customer@bench.example")
    let transport = try SMTPTransport(configuration: configuration, connections: options.connections)
    let clock = ContinuousClock()
    let started = clock.now
    let tally = await withTaskGroup(of: SMTPOutcome.self, returning: SendTally.self) { group in
        var tally = SendTally()
        var started = 0
        for _ in 0..<min(options.messages, 2 * options.connections) {
            group.addTask { await transport.send(bytes, envelope: envelope) }
            started += 1
        }
        while let outcome = await group.next() {
            tally.add(outcome)
            if started < options.messages {
                group.addTask { await transport.send(bytes, envelope: envelope) }
                started += 1
            }
        }
        return tally
    }
    let elapsed = started.duration(to: clock.now)
    await transport.shutdown()
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    let rate = Double(tally.delivered) / seconds
    print("keepsake-bench: \(tally.delivered) of \(options.messages) messages of \(bytes.count) bytes "
        + "over \(options.connections) connections in \(String(format: "%.3f", seconds)) s")
    print("messages_per_second=\(String(format: "%.1f", rate)) message_bytes=\(bytes.count) "
        + "delivered=\(tally.delivered) failed=\(tally.failed)")
    if let failure = tally.firstFailure {
        FileHandle.standardError.write(Data("keepsake-bench: \(tally.failed) messages not delivered, the first: \(failure)\n".utf8))
        exit(1)
    }
} catch {
    FileHandle.standardError.write(Data("keepsake-bench: \(error)\n".utf8))
    exit(1)
}

/// Counts what became of the sends.
struct SendTally {
    var delivered = 0
    var failed = 0
    var firstFailure: SMTPOutcome?

    mutating func add(_ outcome: SMTPOutcome) {
        if outcome.verdict == .delivered {
            delivered += 1
        } else {
            failed += 1
            if firstFailure == nil { firstFailure = outcome }
        }
    }
}
