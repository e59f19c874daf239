import ArgumentParser
import Foundation
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
              keepsake deliveries resolve 4711 --sent      # the relay's log shows it was accepted
              keepsake deliveries resolve 4711 --resend    # it was not: send it again
            """,
        subcommands: [List.self, Resolve.self]
    )

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List deliveries with one status.")
        @Option(help: "planned, sending, sent, deferred, failed, expired, dropped, in_doubt or cancelled.")
        var status: String = "in_doubt"
        @Option(help: "At most this many.") var limit = 100
        @OptionGroup var storeOptions: StoreOptions

        func run() throws {
            guard let status = LedgerStatus(rawValue: status) else {
                throw ValidationError(
                    "--status \(status): use one of " + LedgerStatus.allCases.map(\.rawValue).joined(separator: ", "))
            }
            let rows = try storeOptions.open().deliveries(status: status, limit: limit)
            print(DeliveryText.table(rows))
        }
    }

    struct Resolve: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Settle an in-doubt delivery.")
        @Argument(help: ArgumentHelp("The delivery's id (keepsake status lists it).", valueName: "id")) var id: Int64
        @Flag(help: "The relay accepted it: record it as sent.") var sent = false
        @Flag(help: "It did not arrive: send it again at the next tick.") var resend = false
        @OptionGroup var storeOptions: StoreOptions

        func validate() throws {
            guard sent != resend else { throw ValidationError("give exactly one of --sent and --resend") }
        }

        func run() throws {
            do {
                let delivery = try storeOptions.open().resolveInDoubt(
                    id, as: sent ? .sent : .resend, by: recordedBy("deliveries resolve"))
                print("delivery \(id) is now \(delivery.status.rawValue)")
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
            header: ["id", "campaign", "customer", "email", "day", "status", "attempts", "next/updated", "message_id", "last reply"],
            rows: rows.map { row in
                [String(row.id), row.campaignID, row.customerID ?? "-", row.email ?? "(forgotten)", row.day.description,
                 row.status.rawValue, String(row.attempts),
                 (LedgerStatus.waiting.contains(row.status) ? row.nextAttemptAt : row.updatedAt).ISO8601Format(),
                 row.messageID, row.lastReply ?? ""]
            })
    }
}
