import ArgumentParser
import Calendars
import Foundation
import Scheduler
import Store

/// `keepsake deliveries`: the send ledger.
struct DeliveriesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "deliveries",
        abstract: "List send-ledger entries and settle in-doubt deliveries.",
        discussion: """
            A delivery is in doubt when the daemon stopped while the relay had it, or the relay \
            never answered after the message's end: it may have been delivered. Keepsake does \
            not resend it by itself (unless daemon.in_doubt: resend). Look it up in the relay's \
            log by its Message-ID, then settle it.

            Examples:
              keepsake deliveries list --status in_doubt
              keepsake deliveries show 4711                # the row, its reply, what came back about it
              keepsake deliveries list --status dropped --day 2026-03-21 --campaign nowruz
              keepsake deliveries resolve 4711 --sent      # the relay's log shows it was accepted
              keepsake deliveries resolve 4711 --resend    # it was not: send it again
              keepsake deliveries resolve --before 2026-03-21T12:00:00Z --resend --yes
            """,
        subcommands: [List.self, DeliveryShowCommand.self, Resolve.self]
    )

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List deliveries with one status, optionally of one day and one campaign.")
        @Option(help: "planned, sending, sent, deferred, failed, expired, dropped, in_doubt or cancelled.")
        var status: String = "in_doubt"
        @Option(help: ArgumentHelp("Only the customers' local day (YYYY-MM-DD).", valueName: "date")) var day: String?
        @Option(help: ArgumentHelp("Only this campaign's deliveries.", valueName: "id")) var campaign: String?
        @Option(help: "At most this many (the rest is counted).") var limit = 100
        @OptionGroup var storeOptions: StoreOptions

        func validate() throws {
            guard LedgerStatus(rawValue: status) != nil else {
                throw ValidationError(
                    "--status \(status): use one of " + LedgerStatus.allCases.map(\.rawValue).joined(separator: ", "))
            }
            if let day, (try? LocalDate(parsing: day)) == nil {
                throw ValidationError("--day \(day): write a day as YYYY-MM-DD, such as 2026-03-21")
            }
            guard limit > 0 else { throw ValidationError("--limit \(limit): give 1 or more") }
        }

        func run() throws {
            let filter = DeliveryFilter(
                status: LedgerStatus(rawValue: status)!, day: try day.map { try LocalDate(parsing: $0) }, campaignID: campaign)
            let store = try storeOptions.open()
            let rows = try store.deliveries(matching: filter, limit: limit)
            let total = try store.deliveryCount(matching: filter)
            if !rows.isEmpty { print(DeliveryText.table(rows)) }
            print(DeliveryText.count(shown: rows.count, of: total, status: filter.status))
        }
    }

    struct Resolve: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Settle an in-doubt delivery, or all that became in doubt before an instant.")
        @Argument(help: ArgumentHelp("The delivery's id (keepsake status lists it).", valueName: "id")) var id: Int64?
        @Option(help: ArgumentHelp(
            "Settle every delivery that became in doubt before this instant (ISO 8601 with offset); needs --yes.",
            valueName: "instant"))
        var before: String?
        @Flag(help: "The relay accepted it: record it as sent.") var sent = false
        @Flag(help: "It did not arrive: send it again at the next tick.") var resend = false
        @Flag(help: "Confirm settling many at once (with --before).") var yes = false
        @Option(help: ArgumentHelp("Record the settlement at this instant instead of the clock (ISO 8601 with offset).",
                                   valueName: "instant"))
        var now: String?
        @OptionGroup var storeOptions: StoreOptions

        func validate() throws {
            guard sent != resend else { throw ValidationError("give exactly one of --sent and --resend") }
            guard (id == nil) != (before == nil) else {
                throw ValidationError("give either a delivery id or --before INSTANT (all in doubt before it)")
            }
            if let before {
                _ = try parsedInstant(before, option: "--before")
                guard yes else {
                    throw ValidationError("--before settles every in-doubt delivery before \(before); add --yes to confirm")
                }
            }
            if let now { _ = try parsedNow(now) }
        }

        func run() throws {
            let resolution: InDoubtResolution = sent ? .sent : .resend
            let instant = try now.map(parsedNow) ?? Date()
            do {
                let store = try storeOptions.open()
                if let id {
                    let delivery = try store.resolveInDoubt(id, as: resolution, by: recordedBy("deliveries resolve"), now: instant)
                    print("delivery \(id) is now \(delivery.status.rawValue)")
                } else if let before {
                    let count = try store.resolveInDoubt(
                        before: try parsedInstant(before, option: "--before"), as: resolution,
                        by: recordedBy("deliveries resolve"), now: instant)
                    print("settled \(count) in-doubt deliver\(count == 1 ? "y" : "ies") from before \(before) as \(resolution.rawValue)")
                }
            } catch let error as StoreError {
                printError("keepsake deliveries resolve: \(error)")
                throw ExitCode(1)
            }
        }
    }
}

/// Ledger rows as a table.
enum DeliveryText {
    static func table(_ rows: [LedgerDelivery]) -> String {
        TextTable.render(
            header: ["id", "campaign", "customer", "email", "day", "status", "reason", "attempts", "next/updated", "message_id",
                     "last reply"],
            rows: rows.map { row in
                [String(row.id), row.campaignID, row.customerID ?? "-", row.email ?? "(forgotten)", row.day.description,
                 row.status.rawValue, row.droppedBy.map { HoldReason(droppedBy: $0).description } ?? "", String(row.attempts),
                 (LedgerStatus.waiting.contains(row.status) ? row.nextAttemptAt : row.updatedAt).ISO8601Format(),
                 row.messageID, row.lastReply ?? ""]
            })
    }

    /// `3 in_doubt`, or `showing the first 100 of 733 in_doubt; …` when the list is cut short.
    static func count(shown: Int, of total: Int, status: LedgerStatus) -> String {
        guard shown < total else { return "\(total) \(status.rawValue)" }
        return "showing the first \(shown) of \(total) \(status.rawValue); "
            + "narrow it with --day and --campaign, or raise --limit"
    }
}
