import ArgumentParser
import Configuration
import Foundation
import Inbound
import KeepsakeDaemon
import Logging
import Store

/// `keepsake inbound`: returned mail (bounces, complaints, mailed unsubscribes) into Keepsake.
struct InboundCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inbound",
        abstract: "Spool returned mail from an MTA, process it, and list what was kept aside.",
        discussion: """
            Without a subcommand (or with `spool`) it reads ONE message on standard input — for an \
            MTA's pipe transport or an alias — and only writes it to the spool folder \
            (inbound.spool, or --spool), through tmp/ then new/, as the MTA's user, who cannot \
            write the database. The daemon (`keepsake run`) reads the spool every \
            inbound.poll_interval; `keepsake run --once` reads it once.

            Exit codes for the MTA: 0 when the message is spooled (a message over the 25 MiB \
            limit is spooled cut at the limit and kept aside as too large); 75 (EX_TEMPFAIL) only \
            when it cannot be spooled, so that the MTA tries again. Any other code would make the \
            MTA bounce the message to its sender.

            Examples:
              keepsake inbound < bounce.eml                     # spool one message
              keepsake inbound process                          # process the configured sources once
              keepsake inbound list                             # what was kept aside or not tied to a delivery
            """,
        subcommands: [Spool.self, Process.self, List.self],
        defaultSubcommand: Spool.self
    )

    struct Spool: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Spool one message read on standard input (for an MTA).")
        @Option(help: ArgumentHelp("The spool folder (overrides inbound.spool).", valueName: "folder")) var spool: String?
        @OptionGroup var configurationOptions: ConfigurationOptions

        func run() throws {
            let folder: String
            if let spool {
                folder = spool
            } else {
                let loaded: KeepsakeConfiguration
                do {
                    loaded = try KeepsakeConfiguration.load(
                        path: configurationOptions.config, environment: ProcessInfo.processInfo.environment, use: .notSending)
                } catch {
                    printError("keepsake inbound: \(error); the message was not spooled, the MTA will try again")
                    throw KeepsakeExitCode.transientFailure
                }
                guard let configured = loaded.inbound.spool else {
                    printError("keepsake inbound: no spool folder: set inbound.spool (or give --spool); the message was not spooled, the MTA will try again")
                    throw KeepsakeExitCode.transientFailure
                }
                folder = configured
            }
            let spooler = InboundSpool(folder: URL(fileURLWithPath: folder, isDirectory: true))
            do {
                let spooled = try spooler.spool(from: FileHandle.standardInput)
                if spooled.truncated {
                    printError(
                        "keepsake inbound: the message has \(spooled.size) bytes, more than the limit of \(spooler.sizeLimit); "
                            + "spooled cut at the limit as \(spooled.file.lastPathComponent), to be kept aside as too large")
                }
            } catch {
                printError("keepsake inbound: \(error); the message was not spooled, the MTA will try again")
                throw KeepsakeExitCode.transientFailure
            }
        }
    }

    struct Process: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Process the configured sources (inbound.spool, inbound.maildir, inbound.imap) once, as the daemon does.")
        @OptionGroup var storeOptions: StoreOptions

        func run() async throws {
            let settings = try storeOptions.configurationOptions.load()
            let store = try storeOptions.open(.createWhenMissing)
            let configured: InboundSetup?
            do {
                configured = try InboundSetup(settings: settings, store: store, recordedBy: recordedBy("inbound process"))
            } catch {
                printError("keepsake inbound process: \(error)")
                throw KeepsakeExitCode.configurationError
            }
            guard let setup = configured else {
                printError("keepsake inbound process: no source of returned mail is configured (inbound.spool, inbound.maildir, inbound.imap)")
                throw KeepsakeExitCode.configurationError
            }
            let results = await setup.drainAll(now: Date.init, logger: Logger(label: "inbound"))
            await setup.shutdown()
            print(InboundText.summary(results))
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List returned mail that was kept aside or tied to no delivery, newest first, and the counts of every outcome.")
        @Option(help: ArgumentHelp("At most this many.", valueName: "count")) var limit = 100
        @OptionGroup var storeOptions: StoreOptions

        func run() throws {
            let store = try storeOptions.open()
            let entries = try store.inboundEntries(outcomes: [.keptAside, .unverified], limit: limit)
            let rows = entries.map { entry in
                [
                    entry.receivedAt.ISO8601Format(), entry.outcome.rawValue, entry.record.kind.rawValue,
                    "\(entry.record.source) \(entry.record.sourceKey)", entry.record.detail ?? "",
                ]
            }
            print(TextTable.render(header: ["received", "outcome", "kind", "where", "why"], rows: rows))
            let counts = try store.inboundOutcomeCounts()
            print(InboundOutcome.allCases.compactMap { outcome in counts[outcome].map { "\(outcome.rawValue) \($0)" } }.joined(separator: ", "))
        }
    }
}

/// One-line summaries of processed returned mail.
enum InboundText {
    /// `inbound: 3 messages (suppressed 1, consent_revoked 1, kept_aside 1)`.
    static func summary(_ results: [InboundResult]) -> String {
        var counts: [InboundOutcome: Int] = [:]
        for result in results { counts[result.outcome, default: 0] += 1 }
        let parts = InboundOutcome.allCases.compactMap { outcome in counts[outcome].map { "\(outcome.rawValue) \($0)" } }
        return "inbound: \(results.count) message\(results.count == 1 ? "" : "s")" + (parts.isEmpty ? "" : " (\(parts.joined(separator: ", ")))")
    }
}
