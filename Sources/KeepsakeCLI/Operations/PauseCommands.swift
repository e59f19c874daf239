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
    @OptionGroup var storeOptions: StoreOptions

    func run() throws {
        let pause = try storeOptions.open().pauseSending(
            SendingPause(cause: .operator, reason: "\(reason) (\(recordedBy("pause")))", since: Date()))
        print("sending paused: \(pause.reason)")
    }
}

/// `keepsake resume`: lift a pause, whoever caused it.
struct ResumeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "resume",
        abstract: "Start sending again after `keepsake pause` or a pause the relay caused.",
        discussion: """
            A pause the relay caused (a refused login, sender or TLS setup) is also lifted by \
            reloading the service after fixing the settings: systemctl reload keepsake.
            """
    )
    @OptionGroup var storeOptions: StoreOptions

    func run() throws {
        if let lifted = try storeOptions.open().resumeSending() {
            print("sending resumed (it was paused since \(lifted.since.ISO8601Format()): \(lifted.reason))")
        } else {
            print("sending was not paused")
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
