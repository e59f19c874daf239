import Campaigns
import Configuration
import Foundation
import Scheduler
import Templates
import Web

/// Loads and checks the marketers' files for the daemon, exactly as `keepsake validate` does, and
/// hands over a runnable set only when nothing is wrong.
struct CampaignFilesLoader: Sendable {
    let campaignsDirectory: String
    let templatesDirectory: String
    let settings: KeepsakeConfiguration

    /// The outcome of one load.
    enum Loaded {
        case ready(CampaignFiles, UnsubscribeContent, warnings: [String])
        case broken([String])
    }

    func load() -> Loaded {
        let checked = CheckedCampaignFiles(
            campaignsDirectory: campaignsDirectory, templatesDirectory: templatesDirectory, sender: settings.sender,
            dkimDomain: settings.dkim?.rsa.domain)
        guard checked.errors.isEmpty, let calendar = checked.campaignSet.calendar, let shop = calendar.shop else {
            let problems = checked.errors.map(\.description)
            return .broken(problems.isEmpty ? ["\(campaignsDirectory): no communication calendar to run"] : problems)
        }
        do {
            let composer = try PreviewCommand.composer(checked, calendar: calendar, shop: shop, settings: settings)
            let envelopeSender = settings.sender.verp
                ? try EnvelopeSender(base: settings.sender.envelopeFrom, tokens: composer.envelope.tokens) : nil
            let files = CampaignFiles(
                calendar: calendar, campaigns: checked.campaignSet.campaigns, composer: composer, envelopeSender: envelopeSender)
            let unsubscribe = UnsubscribeContent(
                pages: checked.unsubscribePages, shop: RenderContext.Shop(shop),
                campaignNames: Dictionary(checked.campaignSet.campaigns.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first }),
                defaultTimeZone: calendar.timeZone)
            return .ready(files, unsubscribe, warnings: checked.problems.filter(\.isWarning).map(\.description))
        } catch {
            return .broken(["\(campaignsDirectory)/\(CampaignSet.calendarFileName): \(error)"])
        }
    }
}
