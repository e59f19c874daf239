import Campaigns
import Configuration
import Foundation
import Scheduler
import Templates
import Web

/// The one loader and checker of the marketers' files: `validate`, `preview`, `explain`,
/// `coupons`, `send-test`, `run` and a reload all read the calendar, the campaigns and the
/// templates through it, so what one of them accepts the others accept too.
///
/// ```swift
/// let loader = CampaignFilesLoader(campaignsDirectory: "campaigns", templatesDirectory: "templates", settings: settings)
/// loader.check().problems                      // what `keepsake validate` prints
/// let usable = try loader.usable().get()       // checked, with a composer: what `preview` plans and renders with
/// if case .ready(let files, _, _) = loader.load() { /* what the daemon runs */ }
/// ```
public struct CampaignFilesLoader: Sendable {
    /// The folder with `calendar.yaml` and the campaign files.
    public let campaignsDirectory: String
    /// The folder with the templates.
    public let templatesDirectory: String
    /// The operator's configuration: the sender, the unsubscribe settings and the DKIM key.
    public let settings: KeepsakeConfiguration

    /// A loader of the files in these folders, checked against `settings`.
    public init(campaignsDirectory: String, templatesDirectory: String, settings: KeepsakeConfiguration) {
        self.campaignsDirectory = campaignsDirectory
        self.templatesDirectory = templatesDirectory
        self.settings = settings
    }

    /// Everything `keepsake validate` checks, errors and warnings.
    ///
    /// - Parameter dkimDomain: The operator's `dkim.domain`: a calendar From outside it gets a warning.
    public func check(dkimDomain: String? = nil) -> CheckedCampaignFiles {
        CheckedCampaignFiles(
            campaignsDirectory: campaignsDirectory, templatesDirectory: templatesDirectory, sender: settings.sender,
            dkimDomain: dkimDomain)
    }

    /// The files checked and ready to plan and compose with, or every problem when one is an error.
    public func usable(dkimDomain: String? = nil) -> Result<UsableCampaignFiles, CampaignFilesRefusal> {
        let checked = check(dkimDomain: dkimDomain)
        guard checked.errors.isEmpty, let calendar = checked.campaignSet.calendar, let shop = calendar.shop else {
            return .failure(CampaignFilesRefusal(
                problems: checked.problems.map(\.description), errors: checked.errors.map(\.description),
                campaignsDirectory: campaignsDirectory))
        }
        do {
            let composer = try UsableCampaignFiles.composer(checked, calendar: calendar, shop: shop, settings: settings)
            return .success(UsableCampaignFiles(checked: checked, calendar: calendar, shop: shop, composer: composer))
        } catch {
            let problem = "\(campaignsDirectory)/\(CampaignSet.calendarFileName): \(error)"
            return .failure(CampaignFilesRefusal(problems: [problem], errors: [problem], campaignsDirectory: campaignsDirectory))
        }
    }

    /// The outcome of one load for the daemon.
    public enum Loaded: Sendable {
        /// The files to run, what the unsubscribe page shows from them, and the warnings to log.
        case ready(CampaignFiles, UnsubscribeContent, warnings: [String])
        /// Why nothing can run: the errors, each with its file:line:column.
        case broken([String])
    }

    /// Loads and checks the files for the daemon, exactly as `keepsake validate` does, and hands
    /// over a runnable set only when nothing is wrong.
    public func load() -> Loaded {
        let usable: UsableCampaignFiles
        switch self.usable(dkimDomain: settings.dkim?.rsa.domain) {
        case .success(let files): usable = files
        case .failure(let refusal): return .broken(refusal.errors)
        }
        let checked = usable.checked
        do {
            let envelopeSender = settings.sender.verp
                ? try EnvelopeSender(base: settings.sender.envelopeFrom, tokens: usable.composer.envelope.tokens) : nil
            let files = CampaignFiles(
                calendar: usable.calendar, campaigns: checked.campaignSet.campaigns, composer: usable.composer,
                envelopeSender: envelopeSender)
            let unsubscribe = UnsubscribeContent(
                pages: checked.unsubscribePages, shop: RenderContext.Shop(usable.shop),
                campaignNames: Dictionary(checked.campaignSet.campaigns.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first }),
                defaultTimeZone: usable.calendar.timeZone,
                topics: usable.calendar.topics.map { PreferenceTopic(id: $0.id, names: $0.names) })
            return .ready(files, unsubscribe, warnings: checked.problems.filter(\.isWarning).map(\.description))
        } catch {
            return .broken(["\(campaignsDirectory)/\(CampaignSet.calendarFileName): \(error)"])
        }
    }
}

/// Why the marketers' files cannot be used: what `keepsake validate` would list.
public struct CampaignFilesRefusal: Error, Sendable, CustomStringConvertible {
    /// Every problem, errors and warnings, each with its file:line:column.
    public let problems: [String]
    /// The errors alone.
    public let errors: [String]
    /// The folder of the calendar and campaigns.
    public let campaignsDirectory: String

    public var description: String {
        errors.isEmpty ? "\(campaignsDirectory): no communication calendar to run" : errors.joined(separator: "\n")
    }
}
