import ArgumentParser
import Configuration
import Foundation
import Logging
import SMTP
import Scheduler
import ServiceLifecycle
import Store
import UnixSignals
import Web

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
        let logger = Logger(label: "daemon")
        settings.dkim?.warnings.forEach { logger.warning("dkim", metadata: ["problem": "\($0)"]) }
        // --once acts at exactly --now; the service's clock runs on from it (a time-warp).
        let clock = DaemonClock(startingAt: try now.map(parsedNow), frozen: once)
        let loader = files.loader(settings)
        let campaignFiles: CampaignFiles
        let unsubscribeContent: UnsubscribeContent
        switch loader.load() {
        case .ready(let loaded, let content, let warnings):
            campaignFiles = loaded
            unsubscribeContent = content
            warnings.forEach { logger.warning("campaign files", metadata: ["problem": "\($0)"]) }
        case .broken(let problems):
            problems.forEach { printError($0) }
            printError("keepsake run: fix these problems first (`keepsake validate` lists them)")
            throw ExitCode(65)
        }
        let store = try storeOptions.open(.createWhenMissing)
        let pacer = Pacer(settings: settings.pacing)
        let setup: SendingSetup
        do {
            setup = try SendingSetup(settings: settings, store: store, pacer: pacer, logger: logger)
        } catch {
            printError("keepsake run: \(error.message)")
            throw KeepsakeExitCode.configurationError
        }
        _ = try setup.dispatcher.recoverAfterRestart(now: clock.now())
        // Returned mail first, so that a complaint or a mailed unsubscribe is honoured before the next send.
        let inbound = InboundSetup(settings: settings, store: store, recordedBy: "keepsake run")
        if once {
            if let inbound {
                let results = await inbound.drainAll(now: { clock.now() }, logger: Logger(label: "inbound"))
                print(InboundText.summary(results))
            }
            let report = try await TickRunner(dispatcher: setup.dispatcher, store: store, logger: logger)
                .tick(now: clock.now(), files: campaignFiles, shouldContinue: { true })
            await setup.transport.shutdown()
            print(TickText.summary(report))
            return
        }
        if let lifted = try store.resumeSending(causes: [.relay]) {
            logger.notice("sending resumed at start", metadata: ["was_paused_because": "\(lifted.reason)"])
        }
        try store.recordReloadApplied(at: clock.now())
        let state = DaemonState(files: campaignFiles, unsubscribe: unsubscribeContent, setup: setup)
        let notifier = SystemdNotifier()
        let progress = Heartbeat()
        let stallLimit = settings.daemon.tick + settings.smtp.totalTimeout + .seconds(60)
        let ticks = TickService(
            store: store, state: state, clock: clock,
            interval: settings.daemon.tick, stallLimit: stallLimit, notifier: notifier, progress: progress, logger: logger)
        // Trapped before the ticks start and say READY=1, so an early reload cannot kill the process.
        let hangups = await UnixSignalsSequence(trapping: .sighup)
        let reload = ReloadService(
            hangups: hangups, configurationPath: storeOptions.configurationOptions.config,
            campaignsDirectory: loader.campaignsDirectory, templatesDirectory: loader.templatesDirectory,
            state: state, store: store, pacer: pacer, clock: clock, notifier: notifier, logger: logger)
        // The listener comes first, so that a stop ends it last: unsubscribes are answered while
        // the messages in flight finish.
        var services: [ServiceGroupConfiguration.ServiceConfiguration] = [.init(service: ticks), .init(service: reload)]
        if let inbound {
            let service = InboundService(
                setup: inbound, interval: settings.inbound.pollInterval, now: { clock.now() }, logger: Logger(label: "inbound"))
            services.append(.init(service: service))
        }
        if let address = settings.unsubscribe.listen {
            let listener = WebListener(
                address: address,
                unsubscribe: UnsubscribeEndpoint(
                    tokens: LinkTokens(secret: settings.unsubscribe.linkSecret), store: store,
                    baseURL: settings.unsubscribe.baseURL, trustedProxies: settings.unsubscribe.trustedProxies,
                    content: { state.unsubscribe }, now: { clock.now() }, logger: Logger(label: "web")),
                health: HealthCheck(
                    store: store, stallLimit: stallLimit, progressAge: { progress.age },
                    relayAlarm: settings.daemon.relayAlarm, now: { clock.now() }),
                store: store, metrics: DaemonMetrics.bootstrap(), logger: Logger(label: "web"))
            services.insert(.init(service: listener), at: 0)
        }
        var configuration = ServiceGroupConfiguration(services: services, logger: logger)
        configuration.gracefulShutdownSignals = [.sigterm, .sigint]
        configuration.maximumGracefulShutdownDuration = settings.daemon.drainTimeout
        try await ServiceGroup(configuration: configuration).run()
        await state.setup.transport.shutdown()
        logger.notice("stopped")
    }
}

/// The daemon's clock: the system's, one started at `--now` that runs on from there, or (for
/// `--once`) exactly `--now`, so that repeated runs at one instant see the same instant.
struct DaemonClock: Sendable {
    let start: Date?
    let offset: TimeInterval
    let frozen: Bool

    init(startingAt start: Date?, frozen: Bool = false) {
        self.start = start
        self.frozen = frozen
        offset = start.map { $0.timeIntervalSinceNow } ?? 0
    }

    func now() -> Date {
        if frozen, let start { return start }
        return Date().addingTimeInterval(offset)
    }
}
