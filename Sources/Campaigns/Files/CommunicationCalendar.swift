import Calendars
import Foundation

/// The rules every campaign shares, read from `campaigns/calendar.yaml`:
///
/// ```yaml
/// timezone: Asia/Tehran          # for customers without one
/// send_window: "10:00-20:00"     # in the recipient's local time
/// max_per_day: 1                 # marketing emails per customer per local day, all campaigns together
/// max_per_week: 2                # optional caps across days (``SpacingRules``)
/// blackout: [2026-12-25, {from: 2027-01-01, to: 2027-01-02}]
/// from: "Sahab Shop <hello@shop.example>"
/// reply_to: care@shop.example
/// default_locale: en
/// shop: {name: Sahab Shop, address: "12 Valiasr St, Tehran, Iran", url: "https://shop.example"}
/// topics:                        # optional; then every campaign names its topic
///   offers: {en: Offers, fa: پیشنهادها, ar: العروض}
/// campaigns:                     # priority order: when the daily cap bites, the earlier one wins
///   - birthday.yaml
///   - winback-1.yaml
/// ```
public struct CommunicationCalendar: Hashable, Sendable {
    /// The time zone of customers who have none of their own.
    public var timeZone: TimeZone
    /// When in the recipient's local day mail may go out.
    public var sendWindow: SendWindow
    /// The most marketing emails one customer receives in one local day, all campaigns together.
    public var maxPerDay: Int
    /// The caps across days: per rolling 7 and 30 local days, and days between two mails.
    public var spacing: SpacingRules
    /// Local days on which nothing is sent; a delivery due on one waits within its grace.
    public var blackout: [BlackoutPeriod]
    /// The sender mailbox as written, such as `Sahab Shop <hello@shop.example>`; checked by the
    /// mail module and against the operator's allowed domains by the caller.
    public var from: LocatedText
    /// The Reply-To address as written, if any.
    public var replyTo: LocatedText?
    /// The locale of last resort for templates, such as `en`.
    public var defaultLocale: String
    /// The campaign files in priority order (earlier wins when the daily cap bites), as listed.
    public var campaignFiles: [LocatedText]
    /// The shop as templates show it (`shop.name`, `shop.address` in every footer, `shop.url`);
    /// `keepsake validate` requires it before anything is sent.
    public var shop: ShopDetails?
    /// `attribution_window: 7d`: how many days after a sent message an order of its customer is
    /// credited to it, for campaigns without their own.
    public var attributionWindowDays = CommunicationCalendar.defaultAttributionWindowDays
    /// The attribution window when the calendar sets none: 7 days.
    public static let defaultAttributionWindowDays = 7
    /// The topics customers keep or leave in the preference centre, in the order listed; when
    /// there are any, every campaign belongs to one (`topic:`).
    public var topics: [Topic]

    /// Creates a calendar.
    public init(
        timeZone: TimeZone, sendWindow: SendWindow, maxPerDay: Int, spacing: SpacingRules = .none, blackout: [BlackoutPeriod] = [],
        from: LocatedText, replyTo: LocatedText? = nil, defaultLocale: String, campaignFiles: [LocatedText],
        shop: ShopDetails? = nil, topics: [Topic] = []
    ) {
        self.shop = shop
        self.topics = topics
        self.timeZone = timeZone
        self.sendWindow = sendWindow
        self.maxPerDay = maxPerDay
        self.spacing = spacing
        self.blackout = blackout
        self.from = from
        self.replyTo = replyTo
        self.defaultLocale = defaultLocale
        self.campaignFiles = campaignFiles
    }

    /// Whether nothing may be sent on `date` (a local date of the recipient).
    public func isBlackedOut(_ date: LocalDate) -> Bool {
        blackout.contains { $0.contains(date) }
    }
}

/// The shop's name, postal address (the law of most countries wants it in every marketing
/// email) and web address, from the calendar's `shop:` key.
public struct ShopDetails: Hashable, Sendable {
    /// The name customers know, such as `Sahab Shop`.
    public var name: String
    /// The postal address shown in every footer.
    public var postalAddress: String
    /// The shop's web address, if given.
    public var url: String?
    /// The name, address or web address in other languages (`shop.locales`), by locale as written
    /// (`fa`, `fa-IR`); what a locale leaves out is taken from its language, then from the above.
    public var locales: [String: LocalizedShopDetails]

    /// Creates the shop's details.
    public init(name: String, postalAddress: String, url: String?, locales: [String: LocalizedShopDetails] = [:]) {
        self.name = name
        self.postalAddress = postalAddress
        self.url = url
        self.locales = locales
    }
}

/// One locale's entry of `shop.locales`, such as `fa: {name: فروشگاه سحاب, address: "تهران، …"}`:
/// each field it gives replaces the shop's own in messages in that locale.
public struct LocalizedShopDetails: Hashable, Sendable {
    /// The name in this locale.
    public var name: String?
    /// The postal address in this locale.
    public var postalAddress: String?
    /// The web address for this locale, such as `https://shop.example/fa`.
    public var url: String?

    /// Creates one locale's details; at least one should be given.
    public init(name: String? = nil, postalAddress: String? = nil, url: String? = nil) {
        self.name = name
        self.postalAddress = postalAddress
        self.url = url
    }
}

/// One blackout entry: a single day (`2026-12-25`) or a range of days (`{from: 2027-01-01, to: 2027-01-02}`),
/// both ends included.
public struct BlackoutPeriod: Hashable, Sendable, CustomStringConvertible {
    /// The first local day without sends.
    public let first: LocalDate
    /// The last local day without sends; not before ``first``.
    public let last: LocalDate

    /// A period of one or more days; nil when `last` is before `first`.
    public init?(first: LocalDate, last: LocalDate) {
        guard first <= last else { return nil }
        self.first = first
        self.last = last
    }

    /// A single day.
    public init(day: LocalDate) {
        first = day
        last = day
    }

    /// Whether `date` falls in the period.
    public func contains(_ date: LocalDate) -> Bool {
        first <= date && date <= last
    }

    /// `2026-12-25`, or `2027-01-01…2027-01-02`.
    public var description: String {
        first == last ? "\(first)" : "\(first)…\(last)"
    }
}
