import Campaigns
import Configuration
import Mail
import Scheduler
import Store

/// The marketers' files without an error: the calendar with its shop, and the composer built from
/// the templates and the operator's sender, unsubscribe and DKIM settings.
public struct UsableCampaignFiles {
    /// What was loaded and every warning.
    public let checked: CheckedCampaignFiles
    /// The communication calendar.
    public let calendar: CommunicationCalendar
    /// The shop every message names.
    public let shop: ShopDetails
    /// Renders and composes each delivery.
    public let composer: DeliveryComposer

    /// The campaigns in priority order.
    public var campaigns: [Campaign] { checked.campaignSet.campaigns }

    /// The planner over `store`, with its send ledger as history: what the daemon plans with.
    public func planner(store: KeepsakeStore) -> Planner {
        Planner(calendar: calendar, campaigns: campaigns, store: store, history: LedgerHistory(store: store))
    }

    static func composer(
        _ checked: CheckedCampaignFiles, calendar: CommunicationCalendar, shop: ShopDetails,
        settings: KeepsakeConfiguration
    ) throws -> DeliveryComposer {
        let from = try Mailbox(parsing: calendar.from.text)
        let replyTo = try calendar.replyTo.map { try Mailbox(parsing: $0.text) }
        let unsubscribe = settings.unsubscribe
        return DeliveryComposer(
            templates: checked.templateLibrary, campaigns: checked.campaignSet.campaigns, shop: shop,
            envelope: .init(
                from: from, replyTo: replyTo, messageIDDomain: from.address.domain, unsubscribeBase: unsubscribe.baseURL,
                unsubscribeMailto: unsubscribe.mailto, tokens: LinkTokens(secret: unsubscribe.linkSecret),
                signer: settings.dkim?.signer))
    }
}
