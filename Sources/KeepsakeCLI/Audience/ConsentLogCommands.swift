import ArgumentParser
import Foundation
import Mail
import Store

/// How `consent log` prints events.
enum ListFormat: String, ExpressibleByArgument, CaseIterable {
    case table
    case json
}

extension ConsentCommand {
    struct Log: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List consent events, oldest first: all of them, or one address's.",
            discussion: """
                The table shows what an auditor asks for: when, what (opted_in/opted_out), about \
                what (the consent itself, a topic left or kept, a pause, a frequency), how (source), what the person was told (wording), from where (ip), and who recorded it. \
                --format json prints one JSON object per line, for tools.
                """
        )

        @Argument(help: ArgumentHelp("Only this address's events.", valueName: "email"))
        var email: String?

        @Option(help: "table (default) or json (one object per line).")
        var format: ListFormat = .table

        @OptionGroup var storeOptions: StoreOptions

        /// What an event is about: `consent` (the address's consent to marketing), `topic offers left`
        /// or `kept`, `pause until 2026-05-01`, `frequency monthly`.
        static func about(_ event: ConsentEvent) -> String {
            switch event.preference {
            case nil: "consent"
            case .topic(let topic): "topic \(topic) \(event.status == .optedOut ? "left" : "kept")"
            case .pause(let until): "pause until \(until)"
            case .frequency(let frequency): "frequency \(frequency.rawValue)"
            }
        }

        func validate() throws {
            if let email { do { _ = try EmailAddress(email) } catch { throw ValidationError("\(error)") } }
        }

        func run() throws {
            let store = try storeOptions.open()
            let events = try store.consentLog(email: try email.map { try EmailAddress($0) })
            switch format {
            case .json:
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
                encoder.dateEncodingStrategy = .iso8601
                for event in events {
                    print(String(decoding: try encoder.encode(event), as: UTF8.self))
                }
            case .table:
                print(TextTable.render(
                    header: ["#", "occurred at", "email", "status", "about", "source", "wording", "ip", "recorded by"],
                    rows: events.map { event in
                        [String(event.sequence), event.occurredAt,
                         event.email ?? "(erased)", event.status.rawValue, Self.about(event), event.source,
                         event.wording ?? "", event.ip ?? "", event.recordedBy]
                    }))
                if events.isEmpty { print(email.map { "No consent events for \($0): Keepsake will not mail it." } ?? "The ledger is empty.") }
            }
        }
    }

    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Recompute the ledger's hash chain; name the first event that was changed, removed or reordered.",
            discussion: """
                Prints the head hash and the number of events. Write both down somewhere else \
                (a ticket, a log archive): a ledger cut short at the end still verifies, but its \
                head hash and count will differ from what you wrote down.

                Exit status: 0 when the chain is intact, 1 when it is broken.
                """
        )

        @OptionGroup var storeOptions: StoreOptions

        func run() throws {
            let store = try storeOptions.open()
            let verification = try store.verifyConsentLedger()
            switch verification {
            case .intact(let headHash, let eventCount):
                print("consent ledger intact: \(eventCount) events, head hash \(headHash)")
            case .broken(let sequence, let reason):
                printError("consent ledger broken at event #\(sequence): \(reason)")
                throw ExitCode(1)
            }
        }
    }
}
