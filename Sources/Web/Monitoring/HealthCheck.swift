import Foundation
import Store

/// `/healthz`: 200 while the daemon does its job, 503 when it does not, each with a one-line
/// reason for a load balancer's log or an operator's curl.
///
/// - 503 `unhealthy: …` when the store does not answer (this check's read, or the last tick: sending
///   stopped until it answers again), the tick loop shows no progress for longer
///   than its limit, or the relay has not answered for longer than `daemon.relay_alarm`: nothing
///   is being sent.
/// - 200 `degraded: …` when the last reload was refused: the daemon sends, but from the files and
///   settings loaded before, not the ones on disk. A reverse proxy keeps routing unsubscribes to
///   it; a monitor that reads the body (or `keepsake_reload_failed`) sees the difference.
/// - 200 `ok: …` otherwise.
public struct HealthCheck: Sendable {
    /// The verdict.
    public struct Report: Hashable, Sendable {
        /// Whether the daemon is healthy (200) or not (503). A degraded daemon is healthy.
        public let healthy: Bool
        /// One line: `ok: last tick progress 3s ago`, `degraded: …`, `unhealthy: …`.
        public let reason: String
    }

    let store: KeepsakeStore
    /// The longest pause in the tick loop's progress that is still healthy: the same limit the
    /// systemd watchdog uses (one tick, one SMTP transfer and a minute).
    let stallLimit: Duration
    /// The time since the tick loop last showed progress (a tick starting or ending, a delivery starting).
    let progressAge: @Sendable () -> Duration
    /// How long the relay may go unanswered (`daemon.relay_alarm`).
    let relayAlarm: Duration
    /// The daemon's clock (the same instants its ticks record).
    let now: @Sendable () -> Date
    /// Why the daemon's ticks cannot reach the store, while they cannot (nil otherwise).
    let storeOutage: @Sendable () -> String?

    /// A check of `store` and of the tick loop whose progress `progressAge` tells; the relay's
    /// failures count after `relayAlarm`, measured on the clock `now`; `storeOutage` tells why the
    /// ticks cannot reach the store, while they cannot.
    public init(
        store: KeepsakeStore, stallLimit: Duration, progressAge: @escaping @Sendable () -> Duration,
        relayAlarm: Duration = .seconds(15 * 60), now: @escaping @Sendable () -> Date = { Date() },
        storeOutage: @escaping @Sendable () -> String? = { nil }
    ) {
        self.storeOutage = storeOutage
        self.store = store
        self.stallLimit = stallLimit
        self.progressAge = progressAge
        self.relayAlarm = relayAlarm
        self.now = now
    }

    /// Checks now.
    public func check() -> Report {
        if let outage = storeOutage() {
            return Report(healthy: false, reason: "unhealthy: sending stopped, \(outage)")
        }
        let relay: RelayFailure?
        let reload: ReloadRecord?
        do {
            try store.checkAvailable()
            relay = try store.relayFailure()
            reload = try store.lastReload()
        } catch {
            return Report(healthy: false, reason: "unhealthy: the store does not answer: \(error)")
        }
        let age = progressAge()
        guard age < stallLimit else {
            return Report(healthy: false, reason: "unhealthy: the tick loop has shown no progress for "
                + "\(Self.seconds(age)) (limit \(Self.seconds(stallLimit))); the systemd watchdog restarts it soon")
        }
        let instant = now()
        if let relay, relay.isAlarm(at: instant, after: relayAlarm) {
            return Report(healthy: false, reason: "unhealthy: \(relay.summary(at: instant, alarm: relayAlarm))")
        }
        if let refusal = reload?.refusal {
            return Report(healthy: true, reason: "degraded: \(refusal)")
        }
        return Report(healthy: true, reason: "ok: last tick progress \(Self.seconds(age)) ago")
    }

    private static func seconds(_ duration: Duration) -> String {
        "\(duration.components.seconds)s"
    }
}
