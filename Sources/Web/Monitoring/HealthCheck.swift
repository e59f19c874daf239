import Foundation
import Store

/// `/healthz`: 200 while the daemon's tick loop makes progress and the store answers, 503
/// otherwise, each with a one-line reason for a load balancer's log or an operator's curl.
public struct HealthCheck: Sendable {
    /// The verdict.
    public struct Report: Hashable, Sendable {
        /// Whether the daemon is healthy (200) or not (503).
        public let healthy: Bool
        /// One line: `ok: last tick progress 3s ago`, `unhealthy: …`.
        public let reason: String
    }

    let store: KeepsakeStore
    /// The longest pause in the tick loop's progress that is still healthy: the same limit the
    /// systemd watchdog uses (one tick, one SMTP transfer and a minute).
    let stallLimit: Duration
    /// The time since the tick loop last showed progress (a tick starting or ending, a delivery starting).
    let progressAge: @Sendable () -> Duration

    /// A check of `store` and of the tick loop whose progress `progressAge` tells.
    public init(store: KeepsakeStore, stallLimit: Duration, progressAge: @escaping @Sendable () -> Duration) {
        self.store = store
        self.stallLimit = stallLimit
        self.progressAge = progressAge
    }

    /// Checks now.
    public func check() -> Report {
        do {
            try store.checkAvailable()
        } catch {
            return Report(healthy: false, reason: "unhealthy: the store does not answer: \(error)")
        }
        let age = progressAge()
        guard age < stallLimit else {
            return Report(healthy: false, reason: "unhealthy: the tick loop has shown no progress for "
                + "\(Self.seconds(age)) (limit \(Self.seconds(stallLimit))); the systemd watchdog restarts it soon")
        }
        return Report(healthy: true, reason: "ok: last tick progress \(Self.seconds(age)) ago")
    }

    private static func seconds(_ duration: Duration) -> String {
        "\(duration.components.seconds)s"
    }
}
