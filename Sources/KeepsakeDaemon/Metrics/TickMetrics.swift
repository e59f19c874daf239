import CoreMetrics
import Foundation
import Web

/// The daemon's tick metrics, recorded under the names ``DaemonMetrics`` declares and `/metrics` prints.
enum TickMetrics {
    /// Records one tick of the daemon, from its report.
    static func record(tick report: TickReport, duration: Duration, endedAt: Date) {
        Counter(label: DaemonMetrics.ticks).increment()
        Timer(label: DaemonMetrics.tickDuration).recordNanoseconds(
            duration.components.seconds * 1_000_000_000 + duration.components.attoseconds / 1_000_000_000)
        Gauge(label: DaemonMetrics.lastTick).record(endedAt.timeIntervalSince1970)
        if report.cancelled > 0 { Counter(label: DaemonMetrics.cancelled).increment(by: report.cancelled) }
        if report.expired > 0 { Counter(label: DaemonMetrics.expired).increment(by: report.expired) }
    }
}
