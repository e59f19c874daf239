import ArgumentParser
import Configuration
import Foundation
import PostgresStore
import Store

/// `keepsake store`: moving the customer store between engines.
struct StoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "store",
        abstract: "Move the customer store between engines (SQLite to PostgreSQL).",
        subcommands: [StoreCopyCommand.self]
    )
}

/// `keepsake store copy --to postgresql://…`: the whole store into an empty PostgreSQL database.
struct StoreCopyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "copy",
        abstract: "Copy the whole store (customers, orders, both ledgers, coupon codes, suppressions) into an empty PostgreSQL database.",
        discussion: """
            Reads the store of --database or database.path (one consistent snapshot, so the daemon may \
            keep running, but stop it for the move so nothing is sent in between) and writes it into \
            the PostgreSQL database of --to in ONE transaction: the target holds all of it or, on any \
            error, nothing. The consent ledger's hash chain is verified on both sides, with the same \
            head hash and count. A target holding anything (a customer, an event, a delivery) is \
            refused and left as it was: a copy never overwrites a store.

            Create the database first (README, "Several daemons on one PostgreSQL"), then:
              keepsake store copy --to postgresql://keepsake@db.shop.example:5432/keepsake \\
                  --password-file /etc/keepsake/database-password
            and set database.url (and database.password_file or password_credential) in the \
            configuration, in place of database.path.
            """
    )

    @Option(help: ArgumentHelp("The target: postgresql://USER@HOST:PORT/DATABASE (no password in it).", valueName: "url"))
    var to: String
    @Option(help: ArgumentHelp("A file holding the target's password.", valueName: "file"))
    var passwordFile: String?
    @Option(help: ArgumentHelp("A systemd credential holding the target's password.", valueName: "name"))
    var passwordCredential: String?
    @Option(help: ArgumentHelp(
        "required (verify the server's certificate and name) or off (loopback or a unix socket only).",
        discussion: "Default: required, off for a server on loopback or a unix socket.", valueName: "mode"))
    var tls: String?
    @Option(help: ArgumentHelp("The PEM file of the authority that signed the server's certificate.", valueName: "file"))
    var caFile: String?
    @OptionGroup var storeOptions: StoreOptions

    func run() throws {
        let settings: PostgresSettings
        do {
            settings = try PostgresSettings.commandLine(
                url: to, passwordFile: passwordFile, passwordCredential: passwordCredential, tls: tls, caFile: caFile,
                environment: ProcessInfo.processInfo.environment)
        } catch {
            printError("keepsake store copy: --to: \(error)")
            throw KeepsakeExitCode.configurationError
        }
        if let source = try storeOptions.postgresSettings() {
            printError("keepsake store copy: the store is already on PostgreSQL (\(source.url)); copy from a SQLite store: give --database FILE")
            throw KeepsakeExitCode.configurationError
        }
        let source = try storeOptions.open()
        let target: KeepsakeStore
        do {
            target = try KeepsakeStore(database: try PostgresStoreDatabase(settings: settings), location: settings.url)
        } catch {
            printError("keepsake store copy: --to: \(error)")
            throw KeepsakeExitCode.configurationError
        }
        let summary: StoreCopySummary
        do {
            summary = try source.copy(into: target)
        } catch {
            printError("keepsake store copy: \(error)")
            throw ExitCode(1)
        }
        print("copied \(source.path) to \(settings.url): \(summary.rowCount) rows in \(summary.rowsByTable.count) tables")
        for (table, rows) in summary.rowsByTable.sorted(by: { $0.key < $1.key }) where rows > 0 {
            print("  \(table): \(rows)")
        }
        print("consent ledger verified on both sides: \(summary.consentEventCount) events, head \(summary.consentHeadHash)")
    }
}
