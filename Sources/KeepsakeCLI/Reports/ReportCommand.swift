import ArgumentParser
import Calendars
import Campaigns
import Foundation
import Reports

/// `keepsake report`: the results of a period, per campaign and segment against the holdout, and retention.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Report a period's results: per campaign and segment, mailed against held out; retention.",
        discussion: """
            Per campaign and segment: eligible, sent, held out, bounced, complaints, unsubscribes, \
            attributed orders and revenue and redeemed codes (orders placed in the period, as \
            `keepsake import orders` attributed them), the conversion rate of the mailed and of the held-out group (an order within 7 days \
            after the delivery's due time), their difference with its 95% confidence interval and \
            p-value (two-proportion z-test), and revenue per recipient. Retention: monthly \
            cohorts by first-order month, repeat-purchase rate, churn, purchase frequency, \
            average order value, customer lifetime value, customers brought back by win-back \
            campaigns. The README's "Results" section defines every figure.

            --format html writes one self-contained file (Chart.js inlined from Debian's \
            libjs-chart.js) that opens offline; fa and ar are written right to left with their digits.

            Examples:
              keepsake report --from 2026-03-01 --to 2026-03-31
              keepsake report --from 2026-03-01 --to 2026-03-31 --format html --locale fa --output march.html
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json, csv, html
    }

    @Option(help: ArgumentHelp("The period's first local day (YYYY-MM-DD).", valueName: "date"))
    var from: String

    @Option(help: ArgumentHelp("The period's last local day (YYYY-MM-DD).", valueName: "date"))
    var to: String

    @Option(help: "text, json, csv or html.")
    var format: Format = .text

    @Option(help: ArgumentHelp("Write the report to this file (written whole or not at all) instead of standard output.", valueName: "file"))
    var output: String?

    @Flag(help: "Replace the --output file if it exists.")
    var force = false

    @Option(help: ArgumentHelp("The language of the text and HTML report: en, fa or ar.", valueName: "locale"))
    var locale: String = "en"

    @Option(help: ArgumentHelp("A customer with no order in this many days before the period's end is churned.", valueName: "days"))
    var churnDays: Int = ReportRequest.defaultChurnDays

    @OptionGroup var files: CampaignFilesOptions
    @OptionGroup var storeOptions: StoreOptions

    func validate() throws {
        let days = try period()
        guard ReportLocale(rawValue: locale) != nil else {
            throw ValidationError("--locale \(locale): the report is written in en, fa or ar")
        }
        do { try ReportRequestError.check(days: days, churnDays: churnDays) } catch { throw ValidationError(error.description) }
    }

    func period() throws -> ClosedRange<LocalDate> {
        guard let first = try? LocalDate(parsing: from) else { throw ValidationError("--from \(from): write a day as YYYY-MM-DD, such as 2026-03-01") }
        guard let last = try? LocalDate(parsing: to) else { throw ValidationError("--to \(to): write a day as YYYY-MM-DD, such as 2026-03-31") }
        guard first <= last else { throw ValidationError("--to \(to) is before --from \(from); give the period's first day first") }
        return first...last
    }

    func run() throws {
        let settings = try storeOptions.configurationOptions.load()
        if let output, !force, FileManager.default.fileExists(atPath: output) {
            printError("keepsake report: \(output) already exists; choose a new name, or add --force to replace it")
            throw ExitCode(73)
        }
        let html = format == .html ? try chartScript() : nil
        let store = try storeOptions.open()
        let language = ReportLocale(rawValue: locale)!
        let folder = files.campaigns ?? settings.daemon.campaignsDirectory
        let request = ReportRequest(
            days: try period(), locale: language, churnDays: churnDays, winBackCampaigns: Self.winBackCampaigns(in: folder))
        let report = try ReportBuilder(store: store).build(request)
        let bytes: Data = switch format {
        case .text: Data(ReportText.text(report, locale: language).utf8)
        case .json: try ReportJSON.data(report) + Data("\n".utf8)
        case .csv: Data(ReportText.csv(report).utf8)
        case .html: Data(html!.page(report, locale: language).utf8)
        }
        guard let output else {
            FileHandle.standardOutput.write(bytes)
            return
        }
        do {
            try bytes.write(to: URL(fileURLWithPath: output), options: .atomic)
        } catch {
            printError("keepsake report: cannot write \(output): \(error.localizedDescription)")
            throw ExitCode(73)
        }
        printError("keepsake report: written to \(output)")
    }

    private func chartScript() throws -> ReportHTML {
        do { return try ReportHTML() } catch {
            printError("keepsake report: \(error)")
            throw ExitCode(69)
        }
    }

    /// The win-back campaigns of the folder (``Campaign/isWinBack``); none when the folder cannot
    /// be read (the rest of the report does not need it).
    static func winBackCampaigns(in folder: String) -> Set<String> {
        Set(CampaignSet.load(directory: folder).campaigns.filter(\.isWinBack).map(\.id))
    }
}
