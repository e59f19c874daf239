import ArgumentParser
import Calendars
import Foundation
import Mail
import Store

/// `keepsake consent`: the append-only ledger of who agreed to marketing email, and who withdrew.
struct ConsentCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "consent",
        abstract: "Record, list and verify consent to marketing email.",
        discussion: """
            Keepsake mails only addresses whose latest consent event is opted_in. Events are never \
            edited or deleted (except by `keepsake customers forget`); each carries the hash of the \
            one before, so any change to history is detectable with `keepsake consent verify`.

            Examples:
              keepsake consent grant sara@example.com --source "newsletter form" \\
                  --ip 203.0.113.7 --wording "newsletter-v3"
              keepsake consent revoke sara@example.com --source "phone call to support"
              keepsake consent log sara@example.com
              keepsake consent log --format json > consent.jsonl
              keepsake consent verify
            """,
        subcommands: [Grant.self, Revoke.self, Log.self, Verify.self]
    )
}

/// The options shared by `consent grant` and `consent revoke`.
struct ConsentChangeOptions: ParsableArguments {
    @Argument(help: ArgumentHelp("The person's email address.", valueName: "email"))
    var email: String

    @Option(help: ArgumentHelp(
        "How the person gave or withdrew consent, e.g. \"newsletter form\", \"checkout checkbox\", \"phone call\".",
        valueName: "text"))
    var source: String

    @Option(help: ArgumentHelp(
        "When it happened (ISO 8601, e.g. 2026-11-23T09:30:00+03:30). Default: now.", valueName: "instant"))
    var at: String?

    @Option(help: ArgumentHelp("The IP address the person acted from.", valueName: "address"))
    var ip: String?

    @Option(help: ArgumentHelp("What the person was told, or a version id of that wording.", valueName: "text"))
    var wording: String?

    func address() throws -> EmailAddress {
        do { return try EmailAddress(email) } catch { throw ValidationError("\(error)") }
    }

    func occurredAt() throws -> Date {
        guard let at else { return Date() }
        guard case .instant(let instant) = try? PointInTime(parsing: at) else {
            throw ValidationError("--at \(at): write an instant with its offset, such as 2026-11-23T09:30:00+03:30")
        }
        return instant
    }

    func validate() throws {
        _ = try address()
        _ = try occurredAt()
        guard !source.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw ValidationError("--source: say how the person gave or withdrew consent")
        }
    }

    func record(_ status: ConsentStatus, options: StoreOptions, command: String) throws {
        let store = try options.open(.createWhenMissing)
        let observation = ConsentObservation(
            status: status, occurredAt: try occurredAt(), source: source, ip: ip, wording: wording,
            reference: "keepsake consent \(command)")
        let outcome = try store.record(observation, email: try address(), recordedBy: recordedBy("consent \(command)"))
        print(ConsentOutcomeText.describe(outcome, email: try address().description))
        if case .refusedForgotten = outcome { throw ExitCode(1) }
    }
}

extension ConsentCommand {
    struct Grant: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record that a person opted in to marketing email.")

        @OptionGroup var change: ConsentChangeOptions
        @OptionGroup var storeOptions: StoreOptions

        func run() throws { try change.record(.optedIn, options: storeOptions, command: "grant") }
    }

    struct Revoke: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record that a person opted out: Keepsake stops mailing them at once.")

        @OptionGroup var change: ConsentChangeOptions
        @OptionGroup var storeOptions: StoreOptions

        func run() throws { try change.record(.optedOut, options: storeOptions, command: "revoke") }
    }
}
