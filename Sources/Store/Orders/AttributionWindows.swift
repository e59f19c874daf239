/// How many days after a sent message an order of its customer is credited to it: the
/// calendar's `attribution_window` (7 days unless set), or a campaign's own.
public struct AttributionWindows: Hashable, Sendable {
    /// The window of campaigns without their own, in days.
    public var defaultDays: Int
    /// Campaigns with their own window, by campaign id.
    public var byCampaign: [String: Int]

    /// Windows of `defaultDays`, except for the campaigns in `byCampaign`.
    public init(defaultDays: Int = 7, byCampaign: [String: Int] = [:]) {
        self.defaultDays = defaultDays
        self.byCampaign = byCampaign
    }

    /// The window of `campaignID`, in days.
    public func days(for campaignID: String) -> Int { byCampaign[campaignID] ?? defaultDays }

    /// The longest window of any campaign: no message sent earlier can be credited.
    var longestDays: Int { max(defaultDays, byCampaign.values.max() ?? 0) }
}
