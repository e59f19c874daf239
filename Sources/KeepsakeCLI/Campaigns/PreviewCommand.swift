import ArgumentParser
import Calendars
import Campaigns
import Configuration
import Foundation
import KeepsakeDaemon
import Mail
import Scheduler
import Store

/// `keepsake preview`: the mail of any day, exactly as it would go out, without sending anything.
struct PreviewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "preview",
        abstract: "Show the messages of a day (or several) before they go out; sends nothing.",
        discussion: """
            Simulates the daemon from now (or --now) to the end of the last requested day, in each \
            customer's own time zone and calendar, with consent, segments, the send window, \
            blackouts, the daily cap and grace, and prints the requested days' deliveries: \
            planned, deferred (and why), dropped (and why) or held out (the campaign's holdout). A day the daemon has planned shows \
            its plan as the send ledger holds it. Deliveries are listed customer by customer, as \
            they are planned.

            It never contacts an SMTP server and writes nothing outside --out.

            Examples:
              keepsake preview --date 2026-03-21                     # Nowruz
              keepsake preview --date 2026-03-20 --days 3 --campaign eid-al-fitr
              keepsake preview --date 2026-11-23 --customer c000001 --out /tmp/mail
              keepsake preview --date 2026-11-23 --format json | jq .subject

            --format json prints one object per line: campaign, customer, email, segment, \
            template, locale, send_at (ISO 8601 with the customer's offset), status, subject. \
            --out DIR writes each message as .eml (the exact bytes) and .html (open it in a browser).
            """
    )

    @Option(help: ArgumentHelp("The first local day to show (YYYY-MM-DD).", valueName: "date"))
    var date: String

    @Option(help: ArgumentHelp("How many days to show, 1–366.", valueName: "n"))
    var days = 1

    @Option(help: ArgumentHelp("Only this campaign's deliveries.", valueName: "id"))
    var campaign: String?

    @Option(help: ArgumentHelp("Only this customer's deliveries (the shop's id).", valueName: "id"))
    var customer: String?

    @Option(help: "table (default) or json (one object per line).")
    var format: ListFormat = .table

    @Option(help: ArgumentHelp("Write each message as .eml and .html into this folder.", valueName: "dir"))
    var out: String?

    @Option(help: ArgumentHelp("Plan from this instant instead of the clock (ISO 8601 with offset).", valueName: "instant"))
    var now: String?

    @OptionGroup var files: CampaignFilesOptions
    @OptionGroup var storeOptions: StoreOptions

    func validate() throws {
        guard (try? LocalDate(parsing: date)) != nil else {
            throw ValidationError("--date \(date): write a day as YYYY-MM-DD, such as 2026-03-21")
        }
        guard (1...366).contains(days) else { throw ValidationError("--days \(days): give 1 to 366 days") }
        if let now { _ = try parsedNow(now) }
    }

    func run() throws {
        let settings = try storeOptions.configurationOptions.load()
        let usable = try files.usable(settings, command: "keepsake preview")
        if let unreadable = settings.unreadableDKIMKey {
            printError("keepsake preview: these messages are unsigned, as the DKIM key cannot be read here "
                + "(the service signs them): \(unreadable)")
        }
        let first = try LocalDate(parsing: date)
        let instant = try now.map(parsedNow) ?? Date()
        let store = try storeOptions.open()
        let composer = usable.composer
        let planner = usable.planner(store: store)
        let output = try PreviewOutput(format: format, outDirectory: out)
        let coupons = CouponCodes(store: store, composer: composer)
        // A listing renders the subject only; --out composes each message.
        let composition = PreviewComposition(composer: composer, composesMessages: out != nil)
        // Streamed: each batch of customers is composed and printed while the planner reads on,
        // in the planner's order (customer by customer); a table is spooled to a file for its widths.
        do {
            try planner.planByBatch(
                now: instant, days: first...first.adding(days: days - 1), campaignID: campaign, customerID: customer
            ) { batch in
                let records = Dictionary(batch.map { ($0.delivery.customerID, $0.customer) }, uniquingKeysWith: { first, _ in first })
                // The coupon codes the deliveries hold or would get now; a preview reserves none. A
                // listing looks up only those its subjects show.
                let deliveries = try out != nil ? coupons.lookUp(batch.map(\.delivery))
                    : coupons.lookUp(batch.map(\.delivery), where: composer.listingShowsCoupon)
                for (delivery, result) in composition.render(deliveries, records: records) {
                    do {
                        let (rendered, bytes) = try result.get()
                        try output.add(delivery, rendered: rendered, bytes: bytes)
                    } catch {
                        output.addFailure(delivery, error: error)
                    }
                }
            }
        } catch let error as PlannerError {
            printError("keepsake preview: \(error)")
            throw ExitCode(64)
        }
        try output.finish()
        if output.failures > 0 { throw ExitCode(65) }
    }
}
