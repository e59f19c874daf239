import Campaigns
import Configuration
import Foundation
import Mail
import Templates
import Web

/// Everything `validate` checks, loaded once: campaign files, templates, and how they fit together
/// and with the operator's sender settings.
public struct CheckedCampaignFiles {
    public let campaignSet: CampaignSet
    public let templateLibrary: TemplateLibrary
    /// The texts of the one-click unsubscribe page (`templates/_unsubscribe/`).
    public let unsubscribePages: UnsubscribePages
    /// Every problem, errors and warnings, sorted by file, line and column.
    public let problems: [FileProblem]

    public var errors: [FileProblem] { problems.filter { !$0.isWarning } }

    /// - Parameter dkimDomain: The operator's `dkim.domain`: a calendar From outside it gets a warning.
    public init(campaignsDirectory: String, templatesDirectory: String, sender: SenderIdentity?, dkimDomain: String? = nil) {
        campaignSet = CampaignSet.load(directory: campaignsDirectory)
        let defaultLocale = campaignSet.calendar.flatMap { TemplateLocale($0.defaultLocale) } ?? TemplateLocale("en")!
        templateLibrary = TemplateLibrary.load(directory: templatesDirectory, defaultLocale: defaultLocale)
        unsubscribePages = UnsubscribePages.load(templatesDirectory: templatesDirectory, defaultLocale: defaultLocale)
        var problems = campaignSet.problems.map(FileProblem.init)
        problems += templateLibrary.problems.map(FileProblem.init)
        problems += unsubscribePages.problems.map(FileProblem.init)
        let references = campaignSet.campaigns.flatMap { campaign in
            campaign.segments.map { segment in
                TemplateReference(
                    template: segment.template.text, file: segment.template.location.file,
                    line: segment.template.location.line, column: segment.template.location.column,
                    givesCoupon: campaign.coupon != nil)
            }
        }
        problems += templateLibrary.check(references: references).map(FileProblem.init)
        if let calendar = campaignSet.calendar {
            problems += Self.senderProblems(calendar, sender: sender, dkimDomain: dkimDomain)
            if calendar.shop == nil {
                problems.append(FileProblem(
                    file: (campaignsDirectory as NSString).appendingPathComponent(CampaignSet.calendarFileName), line: 1, column: 1,
                    message: "shop: missing; add the shop's name and postal address, which every message shows, e.g. "
                        + "shop: {name: Sahab Shop, address: \"12 Valiasr St, Tehran, Iran\", url: https://shop.example}"))
            }
        }
        self.problems = problems.sorted()
    }

    /// The calendar's From and Reply-To must be mailboxes, and From's domain one the operator allows.
    /// A From outside the DKIM domain is a warning: its messages are signed, but DMARC does not align.
    private static func senderProblems(_ calendar: CommunicationCalendar, sender: SenderIdentity?, dkimDomain: String?) -> [FileProblem] {
        var problems: [FileProblem] = []
        for (key, value) in [("from", Optional(calendar.from)), ("reply_to", calendar.replyTo)] {
            guard let value else { continue }
            do {
                let mailbox = try Mailbox(parsing: value.text)
                guard key == "from", let sender else { continue }
                let domain = mailbox.address.domain.lowercased()
                if let dkimDomain, domain != dkimDomain, !domain.hasSuffix("." + dkimDomain) {
                    var problem = FileProblem(
                        file: value.location.file, line: value.location.line, column: value.location.column,
                        message: "from: the domain \(domain) is not aligned with the DKIM domain \(dkimDomain) (dkim.domain): "
                            + "messages are signed as \(dkimDomain), which DMARC does not count for \(domain)")
                    problem.isWarning = true
                    problems.append(problem)
                }
                if !sender.allowedDomains.contains(domain) {
                    problems.append(FileProblem(
                        file: value.location.file, line: value.location.line, column: value.location.column,
                        message: "from: the domain \(domain) is not one the operator allows "
                            + "(sender.allowed_domains: \(sender.allowedDomains.joined(separator: ", "))); "
                            + "send from one of those, or ask the operator to add it (its DKIM and SPF must be set up)"))
                }
            } catch {
                problems.append(FileProblem(
                    file: value.location.file, line: value.location.line, column: value.location.column,
                    message: "\(key): \(error)"))
            }
        }
        return problems
    }
}
