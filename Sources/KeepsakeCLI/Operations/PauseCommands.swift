import ArgumentParser
import Foundation
import Store

/// `keepsake pause`: stop all sending by hand.
struct PauseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pause",
        abstract: "Stop all sending until `keepsake resume` (the daemon keeps planning).",
        discussion: """
            Takes effect at the daemon's next tick; messages already with the relay finish. \
            Deliveries keep waiting and go out after resume, within their grace.

            Example:
              keepsake pause --reason "relay maintenance until 14:00"
            """
    )
    @Option(help: ArgumentHelp("Why, shown by keepsake status.", valueName: "text"))
    var reason = "paused by an operator"
    @Option(help: ArgumentHelp("Pause as of this instant instead of the clock (ISO 8601 with offset).", valueName: "instant"))
    var now: String?
    @OptionGroup var storeOptions: StoreOptions

    func validate() throws {
        if let now { _ = try parsedNow(now) }
    }

    func run() throws {
        let pause = try storeOptions.open(.createWhenMissing).pauseSending(
            SendingPause(cause: .operator, reason: "\(reason) (\(recordedBy("pause")))", since: try now.map(parsedNow) ?? Date()))
        print("sending paused: \(pause.reason)")
    }
}

/// `keepsake resume`: lift a pause, whoever caused it.
struct ResumeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "resume",
        abstract: "Start sending again after `keepsake pause` or a pause the relay caused; with --campaign, lift a campaign's pause.",
        discussion: """
            A pause the relay caused (a refused login, sender or TLS setup) is also lifted by \
            reloading the service after fixing the settings: systemctl reload keepsake.

            --campaign ID lifts the pause of one campaign paused by its bounce or complaint rate \
            (inbound.campaign_pause, shown by keepsake status); other pauses stay. From then on the \
            rule counts only that campaign's deliveries after the resume, so it pauses again only \
            once minimum_deliveries new ones show the same rates.

            Example:
              keepsake resume --campaign birthday
            """
    )
    @Option(help: ArgumentHelp("Lift the pause of this campaign only (its id, as keepsake status shows it).", valueName: "id"))
    var campaign: String?
    @Option(help: ArgumentHelp("Resume as of this instant instead of the clock (ISO 8601 with offset).", valueName: "instant"))
    var now: String?
    @OptionGroup var storeOptions: StoreOptions

    func validate() throws {
        if let now { _ = try parsedNow(now) }
    }

    func run() throws {
        let instant = try now.map(parsedNow) ?? Date()
        let store = try storeOptions.open()
        if let campaign {
            do {
                let lifted = try store.resumeCampaign(campaign, now: instant, resumedBy: recordedBy("resume --campaign"))
                print("campaign \(campaign) resumed at \(instant.ISO8601Format()) (it was paused since "
                    + "\(lifted.since.ISO8601Format()): \(lifted.reason)); the pause rule now counts its deliveries from here")
            } catch let error as StoreError {
                printError("keepsake resume: \(error.message)")
                throw ExitCode(1)
            }
            return
        }
        if let lifted = try store.resumeSending() {
            let minutes = max(0, Int(instant.timeIntervalSince(lifted.since) / 60))
            print("sending resumed at \(instant.ISO8601Format()) after \(minutes) min "
                + "(it was paused since \(lifted.since.ISO8601Format()): \(lifted.reason))")
        } else if try store.sendingPause() == nil {
            print("sending was not paused")
        }
        if let breaker = try store.sendingPause(), breaker.cause == .suppressionBreaker {
            printError("keepsake resume: sending stays paused: \(breaker.reason)")
            throw ExitCode(1)
        }
    }
}

/// `keepsake backup FILE`: an online copy of the store.
struct BackupCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "Copy the whole database (customers, consent and send ledgers) into a new file, while the daemon runs.",
        discussion: """
            Uses SQLite's online backup: a consistent copy, taken without stopping the service. \
            The ledgers are evidence of consent and of what was sent; keep the copies safe, they \
            hold personal data. Run it as the service's user (README, "Backup and restore"): \
            it may write only under /var/lib/keepsake/.

            Example:
              keepsake backup /var/lib/keepsake/backup-$(date +%F).sqlite
            """
    )
    @Argument(help: ArgumentHelp("The new file (never overwritten).", valueName: "file"))
    var file: String
    @OptionGroup var storeOptions: StoreOptions

    func run() throws {
        do {
            try storeOptions.open().backup(to: file)
        } catch let error as StoreError {
            printError("keepsake backup: \(error)")
            throw ExitCode(1)
        }
        print("backed up \(try storeOptions.databasePath()) to \(file)")
    }
}
