import Foundation

/// A period the bounce and complaint rates are read over, ending now.
public enum RateWindow: Int, Hashable, Sendable, CaseIterable, Comparable {
    case day = 1
    case week = 7
    case month = 30

    /// `1d`, `7d`, `30d`: the `window` label of the rate metrics and the column of `keepsake status`.
    public var label: String { "\(rawValue)d" }

    /// Its length in seconds.
    public var seconds: TimeInterval { TimeInterval(rawValue) * 86_400 }

    public static func < (lhs: RateWindow, rhs: RateWindow) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// A campaign's deliveries over one period, and how many of them bounced for good or drew a complaint.
///
/// - deliveries: the deliveries whose attempt ended in that period — accepted by the relay
///   (`sent`, by `sent_at`) or refused by it for good at send time (`failed` at an SMTP stage,
///   by `updated_at`; a message that could not be composed is not a delivery);
/// - hard bounces: of those, the ones refused for good at send time, and the sent ones that a
///   permanent failure (a DSN or a non-standard bounce) came back about;
/// - complaints: of those, the sent ones that an ARF complaint came back about.
///
/// Each delivery counts once however many reports came back about it, and late reports count
/// with the delivery they are about: a rate is a share of the period's deliveries.
public struct DeliveryRates: Hashable, Sendable {
    public var deliveries: Int
    public var hardBounces: Int
    public var complaints: Int

    public init(deliveries: Int = 0, hardBounces: Int = 0, complaints: Int = 0) {
        self.deliveries = deliveries
        self.hardBounces = hardBounces
        self.complaints = complaints
    }

    /// Hard bounces per delivery, 0 without deliveries.
    public var hardBounceRate: Double { deliveries == 0 ? 0 : Double(hardBounces) / Double(deliveries) }
    /// Complaints per delivery, 0 without deliveries.
    public var complaintRate: Double { deliveries == 0 ? 0 : Double(complaints) / Double(deliveries) }
}

/// One campaign's rates over 1, 7 and 30 days, and the deliveries the pause rule reads.
public struct CampaignRates: Hashable, Sendable {
    public var campaign: String
    public var windows: [RateWindow: DeliveryRates]
    /// The 30 days the pause rule reads, from the campaign's last `keepsake resume --campaign` when
    /// that is later (``CampaignPauseRule``).
    public var pauseRuleWindow: DeliveryRates

    public init(campaign: String, windows: [RateWindow: DeliveryRates], pauseRuleWindow: DeliveryRates) {
        self.campaign = campaign
        self.windows = windows
        self.pauseRuleWindow = pauseRuleWindow
    }

    /// The rates over `window` (zero when nothing was delivered in it).
    public subscript(window: RateWindow) -> DeliveryRates { windows[window] ?? DeliveryRates() }
}
