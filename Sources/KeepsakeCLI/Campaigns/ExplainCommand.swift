import ArgumentParser
import Calendars
import Foundation
import KeepsakeDaemon
import Scheduler

/// `keepsake explain`: why a customer gets, or does not get, each campaign on a day.
struct ExplainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "For one customer and day, say per campaign whether it is due and, if not, why.",
        discussion: """
            The reasons: no consent; trigger not due (with the next due date); no segment \
            matched; suppressed (since when, and why); capped by another campaign; blackout; \
            window closed; already sent or dropped (and why); disabled or outside its start–end dates.

            It runs the same simulation as `keepsake preview` from now (or --now) to the end of \
            the day, so both give the same verdict: an occurrence planned on an earlier day of its \
            grace is named with that day.

            Examples:
              keepsake explain --customer c000001 --date 2026-05-14
              keepsake explain --customer c000036 --date 2027-03-22 --now 2027-03-20T00:00:00Z
            """
    )

    @Option(help: ArgumentHelp("The shop's customer id, or an email address.", valueName: "id"))
    var customer: String

    @Option(help: ArgumentHelp("The customer's local day (YYYY-MM-DD).", valueName: "date"))
    var date: String

    @Option(help: ArgumentHelp("Plan from this instant instead of the clock (ISO 8601 with offset).", valueName: "instant"))
    var now: String?

    @OptionGroup var files: CampaignFilesOptions
    @OptionGroup var storeOptions: StoreOptions

    func validate() throws {
        guard (try? LocalDate(parsing: date)) != nil else {
            throw ValidationError("--date \(date): write a day as YYYY-MM-DD, such as 2026-03-21")
        }
        if let now { _ = try parsedNow(now) }
    }

    func run() throws {
        let settings = try storeOptions.configurationOptions.load()
        let usable = try files.usable(settings, command: "keepsake explain")
        let instant = try now.map(parsedNow) ?? Date()
        let store = try storeOptions.open()
        let planner = usable.planner(store: store)
        do {
            for explanation in try planner.explain(customer: customer, date: try LocalDate(parsing: date), now: instant) {
                print(explanation)
            }
        } catch let error as PlannerError {
            printError("keepsake explain: \(error)")
            throw ExitCode(error.code == .unknownCustomer ? 1 : 64)
        }
    }
}
