import CoreMetrics
import Foundation
import Prometheus
import Scheduler
import Store

/// The daemon's metrics besides the dispatcher's (``DeliveryMetrics``) and the transport's
/// (`SMTPMetrics`), and the Prometheus registry `/metrics` prints them from.
///
/// | metric | type | what |
/// |---|---|---|
/// | `keepsake_deliveries_total{campaign,outcome}` | counter | attempts by outcome (sent, deferred, failed, expired, in_doubt, requeued) |
/// | `keepsake_deliveries_cancelled_total` | counter | deliveries stopped before sending (consent withdrawn, suppressed, forgotten) |
/// | `keepsake_deliveries_expired_total` | counter | waiting deliveries whose grace ran out |
/// | `keepsake_smtp_replies_total{code}` | counter | transfers by the relay's reply code, `none` without one |
/// | `keepsake_smtp_send_duration_seconds` | histogram | each transfer's time |
/// | `keepsake_waiting_deliveries{status}` | gauge | the queue: deliveries planned or deferred, read at each scrape |
/// | `keepsake_ticks_total` | counter | ticks done |
/// | `keepsake_tick_duration_seconds` | histogram | each tick's time |
/// | `keepsake_last_tick_timestamp_seconds` | gauge | when the last tick ended (Unix time) |
/// | `keepsake_unsubscribes_total` | counter | one-click unsubscribes that withdrew consent |
/// | `keepsake_http_requests_total{route,status}` | counter | requests to the listener |
public enum DaemonMetrics {
    public static let cancelled = "keepsake_deliveries_cancelled_total"
    public static let expired = "keepsake_deliveries_expired_total"
    public static let waiting = "keepsake_waiting_deliveries"
    public static let ticks = "keepsake_ticks_total"
    public static let tickDuration = "keepsake_tick_duration_seconds"
    public static let lastTick = "keepsake_last_tick_timestamp_seconds"
    public static let unsubscribes = "keepsake_unsubscribes_total"
    public static let requests = "keepsake_http_requests_total"

    /// Bootstraps swift-metrics with a Prometheus registry, once per process, and returns the
    /// registry `/metrics` prints. The histograms get buckets for their scale: SMTP transfers
    /// from 5 ms to 2 min, ticks from 10 ms to 30 min.
    public static func bootstrap() -> PrometheusCollectorRegistry {
        let registry = PrometheusCollectorRegistry()
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.durationHistogramBuckets = [
            "keepsake_smtp_send_duration_seconds": [5, 10, 25, 50, 100, 250, 500, 1_000, 2_500, 5_000, 10_000, 30_000, 120_000]
                .map { Duration.milliseconds($0) },
            tickDuration: [10, 50, 100, 500, 1_000, 5_000, 15_000, 60_000, 300_000, 1_800_000].map { Duration.milliseconds($0) },
        ]
        MetricsSystem.bootstrap(factory)
        // Present from the start, at zero, so that rate() and alerts see them before the first event.
        Counter(label: ticks).increment(by: 0)
        Counter(label: unsubscribes).increment(by: 0)
        Counter(label: cancelled).increment(by: 0)
        Counter(label: expired).increment(by: 0)
        return registry
    }

    /// Records one tick of the daemon, from its report.
    public static func record(tick report: TickReport, duration: Duration, endedAt: Date) {
        Counter(label: ticks).increment()
        Timer(label: tickDuration).recordNanoseconds(
            duration.components.seconds * 1_000_000_000 + duration.components.attoseconds / 1_000_000_000)
        Gauge(label: lastTick).record(endedAt.timeIntervalSince1970)
        if report.cancelled > 0 { Counter(label: cancelled).increment(by: report.cancelled) }
        if report.expired > 0 { Counter(label: expired).increment(by: report.expired) }
    }

    /// Reads the queue's depth from the store into its gauge (just before a scrape prints it).
    static func refreshWaiting(from store: KeepsakeStore) throws {
        for (status, count) in try store.waitingDeliveryCounts() {
            Gauge(label: waiting, dimensions: [("status", status.rawValue)]).record(count)
        }
    }

    static func countRequest(route: String, status: Int) {
        Counter(label: requests, dimensions: [("route", route), ("status", String(status))]).increment()
    }

    static func countUnsubscribe() {
        Counter(label: unsubscribes).increment()
    }
}
