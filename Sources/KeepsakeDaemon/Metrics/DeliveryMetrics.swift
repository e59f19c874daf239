import CoreMetrics
import Store

/// The daemon's delivery metrics, through swift-metrics: a no-op until the process bootstraps a
/// metrics system (`keepsake run` with a listener exports them as Prometheus text on `/metrics`).
public enum DeliveryMetrics {
    /// `keepsake_deliveries_total{campaign, outcome}`: attempts by the campaign and what became of
    /// them — `sent`, `deferred`, `failed`, `expired`, `in_doubt`, or `requeued` (sending paused).
    public static let deliveries = "keepsake_deliveries_total"

    /// Counts one attempt's outcome. The dispatcher calls it where it logs every outcome.
    public static func record(_ delivery: LedgerDelivery, _ outcome: LedgerOutcome) {
        let name = if case .requeued = outcome { "requeued" } else { outcome.status.rawValue }
        Counter(label: deliveries, dimensions: [("campaign", delivery.campaignID), ("outcome", name)]).increment()
    }
}
