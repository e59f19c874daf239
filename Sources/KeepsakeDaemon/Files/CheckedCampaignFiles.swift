import ArgumentParser
import Campaigns
import Configuration
import Foundation
import Mail
import Templates
import Web

/// `--campaigns DIR` and `--templates DIR`: where the marketers' files are. Without them every
/// command uses the configuration's `daemon.campaigns` and `daemon.templates`, the folders the
/// service sends from (`./campaigns` and `./templates` without a configuration file).
struct CampaignFilesOptions: ParsableArguments {
    @Option(help: ArgumentHelp(
        "The folder with calendar.yaml and the campaign files (default: daemon.campaigns of the configuration).",
        valueName: "dir"))
    var campaigns: String?

    @Option(help: ArgumentHelp("The folder with the templates (default: daemon.templates of the configuration).", valueName: "dir"))
    var templates: String?

    /// The folders in force: the options, else the configuration's.
    func loader(_ settings: KeepsakeConfiguration) -> CampaignFilesLoader {
        CampaignFilesLoader(
            campaignsDirectory: campaigns ?? settings.daemon.campaignsDirectory,
            templatesDirectory: templates ?? settings.daemon.templatesDirectory, settings: settings)
    }

    /// Loads and checks the files of the folders in force.
    func checked(_ settings: KeepsakeConfiguration, dkimDomain: String? = nil) -> CheckedCampaignFiles {
        let loader = loader(settings)
        return CheckedCampaignFiles(
            campaignsDirectory: loader.campaignsDirectory, templatesDirectory: loader.templatesDirectory,
            sender: settings.sender, dkimDomain: dkimDomain)
    }
}

/// Everything `validate` checks, loaded once: campaign files, templates, and how they fit together
/// and with the operator's sender settings.
struct CheckedCampaignFiles {
    let campaignSet: CampaignSet
    let templateLibrary: TemplateLibrary
    /// The texts of the one-click unsubscribe page (`templates/_unsubscribe/`).
    let unsubscribePages: UnsubscribePages
    /// Every problem, errors and warnings, sorted by file, line and column.
    let problems: [FileProblem]

    var errors: [FileProblem] { problems.filter { !$0.isWarning } }

    /// - Parameter dkimDomain: The operator's `dkim.domain`: a calendar From outside it gets a warning.
    init(campaignsDirectory: String, templatesDirectory: String, sender: SenderIdentity?, dkimDomain: String? = nil) {
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

/// One problem in the marketers' files, from whichever checker found it.
struct FileProblem: Comparable, CustomStringConvertible {
    let file: String
    let line: Int
    let column: Int
    let message: String
    var isWarning = false
    /// Lines shown under the problem, such as a condition and a caret.
    var excerpt: [String] = []

    init(file: String, line: Int, column: Int, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.message = message
    }

    init(_ problem: CampaignProblem) {
        self.init(file: problem.file, line: problem.line, column: problem.column, message: problem.message)
        isWarning = problem.severity == .warning
        excerpt = problem.excerpt
    }

    init(_ problem: TemplateProblem) {
        self.init(file: problem.file, line: problem.line, column: problem.column, message: problem.message)
    }

    init(_ problem: PageProblem) {
        self.init(file: problem.file, line: problem.line, column: problem.column, message: problem.message)
        isWarning = problem.isWarning
    }

    static func < (left: FileProblem, right: FileProblem) -> Bool {
        (left.file, left.line, left.column, left.message) < (right.file, right.line, right.column, right.message)
    }

    static func == (left: FileProblem, right: FileProblem) -> Bool {
        (left.file, left.line, left.column, left.message) == (right.file, right.line, right.column, right.message)
    }

    /// `FILE:LINE:COLUMN: message`, then the excerpt lines.
    var description: String {
        let head = "\(file):\(line):\(column): \(isWarning ? "warning: " : "")\(message)"
        return ([head] + excerpt).joined(separator: "\n")
    }
}
