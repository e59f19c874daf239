import Foundation

/// What the unsubscribe page shows besides the customer: the texts, the shop, the campaigns'
/// names and the calendar's default time zone — taken from the campaign files in force, so a
/// reload (SIGHUP) changes them.
public struct UnsubscribeContent: Sendable {
    /// The page's texts per locale.
    public var pages: UnsubscribePages
    /// The shop's name (`{shop}`).
    public var shopName: String
    /// Campaign names by id (`{campaign}`); an unknown id is shown as it is.
    public var campaignNames: [String: String]
    /// The zone of customers without one of their own, for `{date}`.
    public var defaultTimeZone: TimeZone

    /// The content.
    public init(pages: UnsubscribePages, shopName: String, campaignNames: [String: String], defaultTimeZone: TimeZone) {
        self.pages = pages
        self.shopName = shopName
        self.campaignNames = campaignNames
        self.defaultTimeZone = defaultTimeZone
    }
}
