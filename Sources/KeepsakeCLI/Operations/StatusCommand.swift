import ArgumentParser
import Calendars
import Campaigns
import Foundation
import Store

/// `keepsake status`: what the daemon did and what waits, for an operator at a glance.
struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show the daemons sharing the store, the last tick, what goes next, today's counts, bounce and complaint rates, in-doubt deliveries and the ledgers' health.",
        discussion: """
            Reads the database only; safe to run while the service runs (as the service's user, \
            see the README). Exits 0, or 2 when sending is paused, the relay has not answered for \
            longer than daemon.relay_alarm, the last reload was refused, a campaign is paused by its \
            bounce or complaint rate (inbound.campaign_pause), deliveries are in doubt or the \
            consent ledger does not verify — something for an operator to look at.

            Examples:
              keepsake status
              keepsake status --date 2026-03-21     # the counts of another local day
            """
    )

    @Option(help: ArgumentHelp("The customers' local day to count (YYYY-MM-DD). Default: today in the shop's time zone.", valueName: "date"))
    var date: String?

    @Option(help: ArgumentHelp("Act as if it were this instant (ISO 8601 with offset).", valueName: "instant"))
    var now: String?

    @OptionGroup var storeOptions: StoreOptions

    func validate() throws {
        if let date, (try? LocalDate(parsing: date)) == nil {
            throw ValidationError("--date \(date): write a day as YYYY-MM-DD, such as 2026-03-21")
        }
        if let now { _ = try parsedNow(now) }
    }

    func run() throws {
        let settings = try storeOptions.configurationOptions.load()
        let store = try storeOptions.open()
        let instant = try now.map(parsedNow) ?? Date()
        let shopZone = CampaignSet.load(directory: settings.daemon.campaignsDirectory).calendar?.timeZone
            ?? TimeZone(identifier: "UTC")!
        let day = try date.map { try LocalDate(parsing: $0) } ?? LocalDate(instant, in: shopZone)
        var attention = false

        if let pause = try store.sendingPause() {
            attention = true
            print("SENDING PAUSED (\(pause.cause.rawValue), since \(pause.since.ISO8601Format())): \(pause.reason)")
        } else {
            print("sending: active")
        }
        let alarms = try DaemonAlarmLines(store: store, now: instant, relayAlarm: settings.daemon.relayAlarm)
        alarms.lines.forEach { print($0) }
        if alarms.attention { attention = true }
        let returned = try CampaignRateLines(store: store, now: instant, inboundConfigured: settings.inbound.hasSource)
        returned.pauses.forEach { print($0) }
        if returned.attention { attention = true }
        let registry = try DaemonRegistryLines(store: store, now: instant)
        registry.lines.forEach { print($0) }
        if registry.attention { attention = true }
        if let tick = try store.lastTick() {
            let outcomes = tick.outcomes.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
            print("last tick: \(tick.at.ISO8601Format()), took \(String(format: "%.2f", tick.duration)) s, "
                + "\(tick.recorded) newly due\(outcomes.isEmpty ? "" : "; \(outcomes)")")
        } else {
            print("last tick: none yet (is the service running? systemctl status keepsake)")
        }

        print("\ndeliveries for local day \(day):")
        let counts = try store.ledgerCounts(days: day...day)
        if counts.isEmpty {
            print("  none")
        } else {
            let statuses = LedgerStatus.allCases.filter { status in counts.values.contains { $0[status] != nil } }
            let rows = counts.keys.sorted().map { campaign in
                [campaign] + statuses.map { String(counts[campaign]?[$0] ?? 0) }
            }
            print(TextTable.render(header: ["campaign"] + statuses.map(\.rawValue), rows: rows)
                .split(separator: "\n").map { "  " + $0 }.joined(separator: "\n"))
        }

        let next = try store.nextWaitingDeliveries(limit: 10)
        print("\nnext due (\(next.count == 10 ? "first 10" : String(next.count))):")
        print(next.isEmpty ? "  none waiting" : DeliveryText.table(next))

        let inDoubt = try store.deliveries(status: .inDoubt, limit: 100)
        let inDoubtCount = try store.deliveryCount(matching: DeliveryFilter(status: .inDoubt))
        print("\nin doubt: \(inDoubtCount)\(inDoubt.isEmpty ? "" : " (settle: keepsake deliveries resolve ID|--before INSTANT --yes --sent|--resend)")")
        if !inDoubt.isEmpty {
            attention = true
            print(DeliveryText.table(inDoubt))
            if inDoubt.count < inDoubtCount {
                print(DeliveryText.count(shown: inDoubt.count, of: inDoubtCount, status: .inDoubt)
                    + " (keepsake deliveries list --status in_doubt)")
            }
        }

        returned.lines.forEach { print($0) }

        print("\nsuppressed addresses: \(try store.suppressionCount())")
        if let held = PendingSuppressionText.section(try store.pendingSuppressions()) {
            attention = true
            print(held)
        }
        switch try store.verifyConsentLedger() {
        case .intact(let head, let count):
            print("consent ledger: verified, \(count) events, head \(head.prefix(16))…")
        case .broken(let sequence, let reason):
            attention = true
            print("consent ledger: BROKEN at event \(sequence): \(reason)")
        }
        if attention { throw ExitCode(2) }
    }
}
