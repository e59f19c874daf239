import ArgumentParser
import Foundation
import Mail
import Store

/// `keepsake customers`: look a customer up, and answer GDPR access and erasure requests.
struct CustomersCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "customers",
        abstract: "Show a customer; export or erase everything held about a person (GDPR).",
        discussion: """
            Examples:
              keepsake customers show c000001
              keepsake customers show sara@example.com
              keepsake customers export sara@example.com > sara.json     # right of access
              keepsake customers forget sara@example.com --yes           # right to erasure
            """,
        subcommands: [Show.self, Export.self, Forget.self]
    )
}

extension CustomersCommand {
    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print one customer's stored fields and current consent.")

        @Argument(help: ArgumentHelp("The shop's customer id, or an email address.", valueName: "id-or-email"))
        var customer: String

        @OptionGroup var storeOptions: StoreOptions

        func run() throws {
            let store = try storeOptions.open()
            guard let record = try store.customer(idOrEmail: customer) else {
                printError("keepsake: no customer with id or email \"\(customer)\"")
                throw ExitCode(1)
            }
            let consent = try store.currentConsent(email: record.email)
            print(CustomerText.describe(record, consent: consent))
        }
    }

    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print everything held about a person as JSON (GDPR right of access).",
            discussion: "Customer records, orders and every consent event of the address.")

        @Argument(help: ArgumentHelp("The person's email address.", valueName: "email"))
        var email: String

        @OptionGroup var storeOptions: StoreOptions

        func run() throws {
            let address: EmailAddress
            do { address = try EmailAddress(email) } catch { throw ValidationError("\(error)") }
            let export = try storeOptions.open().export(email: address)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            encoder.dateEncodingStrategy = .iso8601
            print(String(decoding: try encoder.encode(export), as: UTF8.self))
        }
    }

    struct Forget: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Erase a person's personal data (GDPR right to erasure); never mail the address again.",
            discussion: """
                Removes the customer records and orders of the address, and the plain address and IP \
                from its consent events. The ledger keeps only keyed hashes, so the chain still \
                verifies and a later import of the same address is refused consent: Keepsake will \
                not mail it again. This cannot be undone; pass --yes to confirm.
                """
        )

        @Argument(help: ArgumentHelp("The person's email address.", valueName: "email"))
        var email: String

        @Flag(help: "Confirm the erasure (required).")
        var yes = false

        @OptionGroup var storeOptions: StoreOptions

        func validate() throws {
            do { _ = try EmailAddress(email) } catch { throw ValidationError("\(error)") }
            guard yes else { throw ValidationError("erasing \(email) cannot be undone: add --yes to confirm") }
        }

        func run() throws {
            let address = try EmailAddress(email)
            let report = try storeOptions.open(.createWhenMissing).forget(email: address)
            if report.wasAlreadyForgotten && report.rowsByTable.values.allSatisfy({ $0 == 0 }) {
                print("\(address) was already forgotten; nothing more to erase")
                return
            }
            print("forgot \(address): removed \(report.customersDeleted) customer record(s) and "
                + "\(report.ordersDeleted) order(s); erased the address and IP from \(report.consentEventsErased) "
                + "consent event(s), which keep only keyed hashes (the ledger still verifies). "
                + "Keepsake will not mail this address again, even if a later import brings it back.")
        }
    }
}
