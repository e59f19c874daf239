import ArgumentParser
import Configuration
import Foundation
import UnixSignals
import KeepsakeDaemon

/// `keepsake run`: the service that sends what the campaign files say is due.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Send what is due, every minute, until stopped (the systemd service runs this).",
        discussion: """
            Every tick (daemon.tick, default 60s) Keepsake plans what is due now with the same \
            planner as `keepsake preview`, writes each due delivery to the send ledger, renders \
            it, checks consent once more, sends it, and records the relay's verdict. Temporary \
            failures are retried (1m, 5m, 30m, 2h, then every 6h, ±20%) within the campaign's \
            grace; a recipient's hard bounce (5.1.1, 5.1.2, 5.1.3, 5.1.6, 5.1.10, 5.2.1) suppresses \
            the address, unless daemon.suppression_breaker bounces in a row share one reply \
            (then they wait for keepsake suppression confirm or undo); a refusal of the sending \
            setup (anything before RCPT, 5.1.7, 5.1.8, 5.7.x, a failed TLS handshake) pauses \
            sending until the settings are fixed and the service reloaded. An unreachable relay \
            pauses nothing: deliveries wait and are retried, and after daemon.relay_alarm (15m) \
            `keepsake status` exits 2 and /healthz answers 503.

            Signals: SIGTERM or SIGINT finish the messages in flight, record them and exit 0; \
            SIGHUP reloads the configuration (smtp.*, sender.*, dkim.*, with the password and \
            DKIM key files) and the calendar, campaigns and templates (checked first: on an error \
            the old set keeps running, the log names file:line:column and `keepsake status` \
            exits 2). A systemd credential or an environment variable is read at start only: \
            after changing one, systemctl restart keepsake.

            With unsubscribe.listen set (such as 127.0.0.1:8425) it also answers HTTP there: \
            one-click unsubscribe links (/u/TOKEN, RFC 8058; put a reverse proxy with TLS in \
            front, forwarding /u/ only), /metrics (Prometheus) and /healthz. Not with --once.

            Examples:
              keepsake run --config /etc/keepsake/keepsake.yaml
              keepsake run --once                                   # one tick now, then exit
              keepsake run --once --now 2026-03-21T06:30:00Z         # one tick at that instant
              keepsake run --now 2026-03-21T00:00:00Z               # time-warp: a clock starting there
            """
    )

    @Flag(help: "Perform one tick, wait for its outcomes, and exit (for cron, tests and the demo).")
    var once = false

    @Option(help: ArgumentHelp(
        "Act at this instant instead of the clock (ISO 8601 with offset). Without --once the clock starts there and runs on.",
        valueName: "instant"))
    var now: String?

    @OptionGroup var files: CampaignFilesOptions
    @OptionGroup var storeOptions: StoreOptions

    func validate() throws {
        if let now { _ = try parsedNow(now) }
    }

    func run() async throws {
        let settings = try storeOptions.configurationOptions.load(.sending)
        // --once acts at exactly --now; the service's clock runs on from it (a time-warp).
        let clock = DaemonClock(startingAt: try now.map(parsedNow), frozen: once)
        if once {
            let daemon = try start(settings, clock: clock, hangups: AsyncStream<UnixSignal> { $0.finish() })
            // Returned mail first, so that a complaint or a mailed unsubscribe is honoured before the next send.
            if let results = await daemon.processInbound() { print(InboundText.summary(results)) }
            print(TickText.summary(try await daemon.runOnce()))
        } else {
            // Trapped before the ticks start and say READY=1, so an early reload cannot kill the process.
            let daemon = try start(settings, clock: clock, hangups: await UnixSignalsSequence(trapping: .sighup))
            try await daemon.runService()
        }
    }

    /// The daemon, or the exit code of what stops it from starting.
    private func start<Hangups: AsyncSequence & Sendable>(
        _ settings: KeepsakeConfiguration, clock: DaemonClock, hangups: Hangups
    ) throws -> Daemon<Hangups> where Hangups.Element == UnixSignal {
        do {
            return try Daemon(
                settings: settings, configurationPath: storeOptions.configurationOptions.config,
                files: files.loader(settings), openStore: { try storeOptions.open(.createWhenMissing) }, clock: clock,
                hangups: hangups)
        } catch let error as DaemonStartError {
            switch error.kind {
            case .campaignFiles:
                error.problems.forEach { printError($0) }
                printError("keepsake run: fix these problems first (`keepsake validate` lists them)")
                throw ExitCode(65)
            case .sending:
                printError("keepsake run: \(error)")
                throw KeepsakeExitCode.configurationError
            }
        }
    }
}
