import Foundation
import Logging
import Scheduler
import ServiceLifecycle
import Store
import Synchronization
import Web

/// One tick with its bookkeeping: the dispatcher's work, the tick record `keepsake status` shows,
/// and one log line.
struct TickRunner: Sendable {
    let dispatcher: Dispatcher
    let store: KeepsakeStore
    let logger: Logger

    func tick(now: Date, files: CampaignFiles, shouldContinue: @escaping @Sendable () -> Bool) async throws -> TickReport {
        let started = ContinuousClock.now
        let report = try await dispatcher.tick(now: now, files: files, shouldContinue: shouldContinue)
        let elapsed = started.duration(to: .now)
        TickMetrics.record(tick: report, duration: elapsed, endedAt: Date())
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        try await SQLiteSendLedger(store).recordTick(TickRecord(at: now, duration: seconds, recorded: report.recorded, outcomes: report.outcomes))
        logger.info("tick", metadata: [
            "now": "\(now.ISO8601Format())", "duration_ms": "\(Int(seconds * 1_000))",
            "planner_runs": "\(report.plannerRuns)", "planned": "\(report.planned)", "recorded": "\(report.recorded)", "dropped": "\(report.dropped)", "sent": "\(report.sent)",
            "attempts": "\(report.attempts)",
            "paused": "\(report.pausedBecause ?? "no")", "planning": "\(report.planning)",
        ])
        return report
    }
}

/// Ticks every `interval` until a graceful shutdown: the messages in flight finish and are
/// recorded, nothing new starts. Tells systemd it is ready, how it is doing, and that it is alive.
///
/// The watchdog is fed only while the tick loop makes progress (a tick starting or ending, a
/// delivery starting): a loop wedged for longer than `stallLimit` stops the pings, and systemd
/// restarts the service. `stallLimit` must exceed the longest legitimate pause between two
/// signs of progress — one SMTP transfer (smtp.timeouts.total) or the wait between ticks.
struct TickService: Service {
    let store: KeepsakeStore
    let state: DaemonState
    let clock: DaemonClock
    let interval: Duration
    let stallLimit: Duration
    let notifier: SystemdNotifier
    /// When the loop last showed progress; `/healthz` reads it too.
    let progress: Heartbeat
    /// Whether the store answers; `/healthz` reads it too.
    let outage: StoreOutage
    let logger: Logger

    func run() async throws {
        let stopping = Atomic<Bool>(false)
        notifier.ready(status: "started; first tick now")
        logger.notice("started", metadata: ["tick": "\(interval)"])
        try await withGracefulShutdownHandler {
            try await withThrowingTaskGroup(of: Void.self) { group in
                if let watchdog = notifier.watchdogInterval {
                    group.addTask {
                        var warned = false
                        while !Task.isCancelled {
                            if progress.age < stallLimit {
                                notifier.watchdog()
                                warned = false
                            } else if !warned {
                                logger.critical("no progress; letting the systemd watchdog restart the service", metadata: [
                                    "stalled_for": "\(progress.age)",
                                ])
                                warned = true
                            }
                            try? await Task.sleep(for: watchdog)
                        }
                    }
                }
                // The registration and the planning lease are renewed between ticks too, so that a
                // tick longer than two (planning a million customers) does not pass for a stop.
                group.addTask { [store, clock, interval, logger] in
                    let daemon = state.setup.dispatcher.daemon
                    while !Task.isCancelled {
                        try? await Task.sleep(for: interval)
                        do {
                            try await store.recordHeartbeat(of: daemon, tick: interval, now: clock.now())
                        } catch {
                            logger.debug("heartbeat not recorded", metadata: ["reason": "\(error)"])
                        }
                    }
                }
                while !stopping.load(ordering: .relaxed), !Task.isCancelled {
                    progress.beat()
                    // A reload swaps the setup between ticks; the ones replaced are closed once no tick uses them.
                    await state.closeReplacedTransports()
                    do {
                        // A store that is gone sends nothing: what would be written would be lost.
                        try store.checkAvailable()
                        // Answering again ends the outage now, not when this tick's sending ends
                        // (a long tick would keep /healthz at 503 while the daemon sends).
                        outage.answered(logger: logger)
                        let setup = state.setup
                        let runner = TickRunner(dispatcher: setup.dispatcher, store: store, logger: logger)
                        let report = try await runner.tick(
                            now: clock.now(), files: state.files,
                            shouldContinue: {
                                progress.beat()
                                return !stopping.load(ordering: .relaxed)
                            })
                        outage.answered(logger: logger)
                        notifier.status(TickText.statusLine(report))
                    } catch is CancellationError {
                        break
                    } catch {
                        // The store is unreachable: try again next tick; nothing is lost, the
                        // deliveries wait in the ledger (within their grace) until it answers.
                        outage.failed(Self.reason(error, store: store), logger: logger)
                        state.setup.dispatcher.noteTickFailed(at: clock.now())
                        notifier.status("sending stopped: the store does not answer: \(error)")
                    }
                    progress.beat()
                    if stopping.load(ordering: .relaxed) { break }
                    // A shutdown cuts the wait short.
                    try? await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
                }
                // The transports are closed by the TransportService once the ticks have stopped.
                group.cancelAll()
            }
        } onGracefulShutdown: {
            stopping.store(true, ordering: .relaxed)
            notifier.stopping(status: "stopping: finishing the messages in flight")
        }
        logger.notice("ticks stopped")
    }

    /// What an operator reads about a tick that failed: what the store check says when it fails
    /// too (file gone, unreadable), else the tick's own error (locked, refused).
    static func reason(_ error: any Error, store: KeepsakeStore) -> String {
        do {
            try store.checkAvailable()
            return "the store does not answer: \(error)"
        } catch let unavailable {
            return "the store does not answer: \(unavailable)"
        }
    }
}

/// When the tick loop last showed progress.
final class Heartbeat: Sendable {
    private let last = Atomic<Int64>(Heartbeat.nowNanoseconds())

    func beat() { last.store(Self.nowNanoseconds(), ordering: .relaxed) }

    /// The time since the last beat.
    var age: Duration { .nanoseconds(Self.nowNanoseconds() - last.load(ordering: .relaxed)) }

    private static func nowNanoseconds() -> Int64 {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return Int64(time.tv_sec) * 1_000_000_000 + Int64(time.tv_nsec)
    }
}
