import CoreMetrics
import Foundation
import Prometheus
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
/// | `keepsake_relay_failing_seconds` | gauge | how long the relay has not answered (0 while it answers), read at each scrape |
/// | `keepsake_relay_alarm` | gauge | 1 when that exceeds `daemon.relay_alarm` (`/healthz` answers 503), else 0 |
/// | `keepsake_reload_failed` | gauge | 1 when the last reload was refused (the previous set keeps running), else 0 |
/// | `keepsake_last_reload_success_timestamp_seconds` | gauge | when the running set was loaded: the start or the last applied reload (Unix time) |
/// | `keepsake_last_reload_failure_timestamp_seconds` | gauge | when a reload was last refused (Unix time; absent until one is) |
/// | `keepsake_campaign_deliveries{campaign,window}` | gauge | deliveries over `1d`, `7d`, `30d` (``CampaignRateMetrics``), read at each scrape |
/// | `keepsake_campaign_hard_bounce_rate{campaign,window}` | gauge | their share that bounced for good (0 to 1) |
/// | `keepsake_campaign_complaint_rate{campaign,window}` | gauge | their share that drew a complaint (0 to 1) |
/// | `keepsake_campaign_paused{campaign}` | gauge | 1 while the campaign is paused by its rates, else 0 |
public enum DaemonMetrics {
    public static let cancelled = "keepsake_deliveries_cancelled_total"
    public static let expired = "keepsake_deliveries_expired_total"
    public static let waiting = "keepsake_waiting_deliveries"
    public static let ticks = "keepsake_ticks_total"
    public static let tickDuration = "keepsake_tick_duration_seconds"
    public static let lastTick = "keepsake_last_tick_timestamp_seconds"
    public static let unsubscribes = "keepsake_unsubscribes_total"
    public static let requests = "keepsake_http_requests_total"
    public static let relayFailing = "keepsake_relay_failing_seconds"
    public static let relayAlarm = "keepsake_relay_alarm"
    public static let reloadFailed = "keepsake_reload_failed"
    public static let lastReloadSuccess = "keepsake_last_reload_success_timestamp_seconds"
    public static let lastReloadFailure = "keepsake_last_reload_failure_timestamp_seconds"

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
        Gauge(label: relayFailing).record(0)
        Gauge(label: relayAlarm).record(0)
        Gauge(label: reloadFailed).record(0)
        return registry
    }

    /// Reads the queue's depth from the store into its gauge (just before a scrape prints it).
    static func refreshWaiting(from store: KeepsakeStore) throws {
        for (status, count) in try store.waitingDeliveryCounts() {
            Gauge(label: waiting, dimensions: [("status", status.rawValue)]).record(count)
        }
    }

    /// Reads the relay's run of failures and the last reload from the store into their gauges, as
    /// `/healthz` judges them (same alarm, same clock).
    static func refreshAlarms(from store: KeepsakeStore, health: HealthCheck) throws {
        let now = health.now()
        let relay = try store.relayFailure()
        Gauge(label: relayFailing).record(relay.map { max(0, now.timeIntervalSince($0.since)) } ?? 0)
        Gauge(label: relayAlarm).record(relay?.isAlarm(at: now, after: health.relayAlarm) == true ? 1 : 0)
        guard let reload = try store.lastReload() else { return }
        Gauge(label: reloadFailed).record(reload.refusedAt == nil ? 0 : 1)
        Gauge(label: lastReloadSuccess).record(reload.appliedAt.timeIntervalSince1970)
        if let refusedAt = reload.refusedAt { Gauge(label: lastReloadFailure).record(refusedAt.timeIntervalSince1970) }
    }

    static func countRequest(route: String, status: Int) {
        Counter(label: requests, dimensions: [("route", route), ("status", String(status))]).increment()
    }

    static func countUnsubscribe() {
        Counter(label: unsubscribes).increment()
    }
}
