import ArgumentParser
import Foundation
import Mail
import Store

/// `keepsake suppression`: addresses Keepsake never writes to, whatever their consent.
struct SuppressionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "suppression",
        abstract: "List, add and remove addresses that are never written to.",
        discussion: """
            The daemon adds an address by itself when the relay refuses its recipient for good, or \
            when returned mail says so (a DSN with one of the statuses below, a complaint, \
            repeated temporary failures: the evidence column names the message, and \
            `keepsake deliveries show ID` shows it) \
            (a hard bounce: 5.1.1, 5.1.2, 5.1.3, 5.1.6, 5.1.10 or 5.2.1, or a RCPT 5xx without an \
            enhanced status), with the relay's reply. \
            A suppressed address gets nothing, even with consent; planned deliveries to it are \
            cancelled just before sending.

            When daemon.suppression_breaker hard bounces in a row carry the same reply once the \
            addresses are left out (20 by default), the daemon stops believing them: sending \
            pauses and those suppressions are held. `keepsake status` lists them; confirm makes \
            them real, undo drops them and puts their deliveries back to wait.

            Examples:
              keepsake suppression list
              keepsake suppression add sara@example.com --reason "asked by phone not to be mailed"
              keepsake suppression remove sara@example.com     # after the mailbox works again
              keepsake suppression confirm                     # the held addresses are bad
              keepsake suppression undo                        # the relay was wrong
            """,
        subcommands: [List.self, Add.self, Remove.self, Confirm.self, Undo.self]
    )

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the suppressed addresses, oldest first.")
        @OptionGroup var storeOptions: StoreOptions

        func run() throws {
            let store = try storeOptions.open()
            let entries = try store.suppressions()
            let rows = try entries.map { entry in
                [
                    entry.email ?? "(forgotten)", entry.reason, entry.createdAt.ISO8601Format(), entry.createdBy, entry.reply ?? "",
                    InboundText.evidence(try entry.inboundDigest.flatMap(store.inboundEntry(digest:))),
                ]
            }
            print(TextTable.render(header: ["email", "reason", "since", "by", "reply", "evidence"], rows: rows))
            print("\(entries.count) suppressed")
        }
    }

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Suppress an address.")
        @Argument(help: ArgumentHelp("The address.", valueName: "email")) var email: String
        @Option(help: ArgumentHelp("Why, for whoever reads the list later.", valueName: "text")) var reason: String
        @OptionGroup var storeOptions: StoreOptions

        func run() throws {
            let address = try parsedAddress(email)
            let added = try storeOptions.open(.createWhenMissing).suppress(email: address, reason: reason, recordedBy: recordedBy("suppression add"))
            print(added ? "suppressed \(address)" : "\(address) was already suppressed")
        }
    }

    struct Remove: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Take an address off the list (its consent decides again).")
        @Argument(help: ArgumentHelp("The address.", valueName: "email")) var email: String
        @OptionGroup var storeOptions: StoreOptions

        func run() throws {
            let address = try parsedAddress(email)
            guard try storeOptions.open().unsuppress(email: address) else {
                printError("keepsake suppression remove: \(address) is not suppressed")
                throw ExitCode(1)
            }
            print("\(address) is no longer suppressed")
        }
    }
}

/// An address from the command line, or a usage error naming it.
func parsedAddress(_ text: String) throws -> EmailAddress {
    do { return try EmailAddress(text) } catch { throw ValidationError("\(error)") }
}
