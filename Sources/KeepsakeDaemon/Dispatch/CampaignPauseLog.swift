import Configuration
import Logging
import Store

/// The journal line of a campaign paused by its bounce or complaint rate (logfmt keys: campaign, reason).
enum CampaignPauseLog {
    static func paused(_ pause: CampaignPause, logger: Logger) {
        logger.critical("campaign paused", metadata: [
            "campaign": "\(pause.campaign)",
            "reason": "\(pause.reason); lift it with keepsake resume --campaign \(pause.campaign)",
        ])
    }
}

extension CampaignPauseRule {
    /// The rule `inbound.campaign_pause.*` sets.
    init(_ configuration: CampaignPauseConfiguration) {
        self.init(
            complaintRate: configuration.complaintRate, hardBounceRate: configuration.hardBounceRate,
            minimumDeliveries: configuration.minimumDeliveries)
    }
}
