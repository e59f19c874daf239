import CoreMetrics
import Foundation
import Store
import Synchronization

/// The bounce and complaint rates per campaign and the campaigns paused by them, read from the
/// store at each scrape (``KeepsakeStore/campaignRates(now:)``): gauges labelled `campaign` and
/// `window` (`1d`, `7d`, `30d`), such as `keepsake_campaign_complaint_rate{campaign="birthday",window="7d"}`.
/// A campaign without deliveries in 30 days and no longer paused drops to 0.
public enum CampaignRateMetrics {
    public static let deliveries = "keepsake_campaign_deliveries"
    public static let hardBounceRate = "keepsake_campaign_hard_bounce_rate"
    public static let complaintRate = "keepsake_campaign_complaint_rate"
    public static let paused = "keepsake_campaign_paused"

    /// The campaigns given gauges so far, so that one gone from the store is set back to 0.
    private static let shown = Mutex<Set<String>>([])

    static func refresh(from store: KeepsakeStore, now: Date) throws {
        let rates = try store.campaignRates(now: now)
        let pauses = Set(try store.campaignPauses().map(\.campaign))
        let current = Set(rates.map(\.campaign)).union(pauses)
        let gone = shown.withLock { shown in
            defer { shown.formUnion(current) }
            return shown.subtracting(current)
        }
        for campaign in gone {
            Gauge(label: paused, dimensions: [("campaign", campaign)]).record(0)
            for window in RateWindow.allCases { record(DeliveryRates(), campaign: campaign, window: window) }
        }
        let byCampaign = Dictionary(uniqueKeysWithValues: rates.map { ($0.campaign, $0) })
        for campaign in current {
            Gauge(label: paused, dimensions: [("campaign", campaign)]).record(pauses.contains(campaign) ? 1 : 0)
            for window in RateWindow.allCases {
                record(byCampaign[campaign]?[window] ?? DeliveryRates(), campaign: campaign, window: window)
            }
        }
    }

    private static func record(_ rates: DeliveryRates, campaign: String, window: RateWindow) {
        let dimensions = [("campaign", campaign), ("window", window.label)]
        Gauge(label: deliveries, dimensions: dimensions).record(rates.deliveries)
        Gauge(label: hardBounceRate, dimensions: dimensions).record(rates.hardBounceRate)
        Gauge(label: complaintRate, dimensions: dimensions).record(rates.complaintRate)
    }
}
