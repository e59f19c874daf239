import Foundation
import Templates

/// What the unsubscribe page shows besides the customer: the texts, the shop, the campaigns'
/// names and the calendar's default time zone — taken from the campaign files in force, so a
/// reload (SIGHUP) changes them.
public struct UnsubscribeContent: Sendable {
    /// The page's texts per locale.
    public var pages: UnsubscribePages
    /// The shop, whose name in the page's language is `{shop}`.
    public var shop: RenderContext.Shop
    /// Campaign names by id (`{campaign}`); an unknown id is shown as it is.
    public var campaignNames: [String: String]
    /// The zone of customers without one of their own, for `{date}`.
    public var defaultTimeZone: TimeZone
    /// The calendar's topics, which the preference centre lists.
    public var topics: [PreferenceTopic]

    /// The content.
    public init(
        pages: UnsubscribePages, shop: RenderContext.Shop, campaignNames: [String: String], defaultTimeZone: TimeZone,
        topics: [PreferenceTopic] = []
    ) {
        self.topics = topics
        self.pages = pages
        self.shop = shop
        self.campaignNames = campaignNames
        self.defaultTimeZone = defaultTimeZone
    }
}
