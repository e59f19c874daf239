import Configuration
import Foundation
import Inbound
import Logging
import Mail
import SMTP
import ServiceLifecycle
import Store
import UnixSignals
import Web

/// The Keepsake daemon, built from the operator's configuration: every tick it plans what is due,
/// writes it to the send ledger and sends it; a signal from `hangups` reloads the configuration
/// and the campaign files; with `unsubscribe.listen` set it answers one-click unsubscribes,
/// `/metrics` and `/healthz`.
///
/// It is a `Service` that runs its own services — the listener, the ``TransportService`` owning
/// the SMTP transport, the ticks and the reloads — in a service group, so that a graceful
/// shutdown stops them in order (reloads, then ticks with the messages in flight, then the
/// transport, then the listener) and a service that throws stops the others and still closes the
/// transport. Like Hummingbird's `Application`, ``runService()`` runs it until SIGTERM or SIGINT.
///
/// ```swift
/// let daemon = try Daemon(
///     settings: settings, configurationPath: path, files: loader, openStore: { try KeepsakeStore(path: path) },
///     clock: DaemonClock(startingAt: nil), hangups: await UnixSignalsSequence(trapping: .sighup))
/// try await daemon.runService()
/// ```
public struct Daemon<Hangups: AsyncSequence & Sendable>: Service where Hangups.Element == UnixSignal {
    let settings: KeepsakeConfiguration
    let configurationPath: String?
    let loader: CampaignFilesLoader
    let store: KeepsakeStore
    let clock: DaemonClock
    let hangups: Hangups
    let notifier: SystemdNotifier
    let logger: Logger
    let state: DaemonState
    let pacer: Pacer
    /// The sources of returned mail and their processing path, when `inbound.*` names a source.
    let inbound: InboundSetup?
    let progress = Heartbeat()
    /// Whether the store answers; `/healthz` reads it.
    let outage = StoreOutage()
    /// This daemon among those sharing the store.
    public let identity: DaemonIdentity

    /// Loads and checks the campaign files, then opens the store and builds the sending setup;
    /// nothing is sent yet.
    ///
    /// - Parameters:
    ///   - openStore: Opens the store, called only once the campaign files are known to be usable.
    ///   - configurationPath: The `--config` file a reload reads again (nil: `$KEEPSAKE_CONFIG` or the default).
    ///   - hangups: Each element reloads; the daemon traps SIGHUP before building this.
    ///   - identity: The daemon in the store's registry, its claims and the planning lease (by default
    ///     this process).
    /// - Throws: ``DaemonStartError`` naming every problem of the campaign files, or the relay
    ///   settings libcurl refused; what `openStore` throws.
    public init(
        settings: KeepsakeConfiguration, configurationPath: String?, files loader: CampaignFilesLoader,
        openStore: () throws -> KeepsakeStore, clock: DaemonClock, hangups: Hangups,
        notifier: SystemdNotifier = SystemdNotifier(), logger: Logger = Logger(label: "daemon"),
        identity: DaemonIdentity = .process
    ) throws {
        settings.dkim?.warnings.forEach { logger.warning("dkim", metadata: ["problem": "\($0)"]) }
        let files: CampaignFiles
        let unsubscribe: UnsubscribeContent
        switch loader.load() {
        case .ready(let loaded, let content, let warnings):
            files = loaded
            unsubscribe = content
            warnings.forEach { logger.warning("campaign files", metadata: ["problem": "\($0)"]) }
        case .broken(let problems):
            throw DaemonStartError(kind: .campaignFiles, problems: problems)
        }
        let store = try openStore()
        // Daemons sending through one relay share its rate through the store.
        let pacer = Pacer(settings: settings.pacing, sharing: StoreSendingRate(store: store, relay: settings.smtp))
        let setup: SendingSetup
        do {
            setup = try SendingSetup(settings: settings, store: store, pacer: pacer, daemon: identity, logger: logger)
        } catch {
            throw DaemonStartError(kind: .sending, problems: [error.message])
        }
        self.settings = settings
        self.identity = identity
        self.configurationPath = configurationPath
        self.loader = loader
        self.store = store
        self.clock = clock
        self.hangups = hangups
        self.notifier = notifier
        self.logger = logger
        self.pacer = pacer
        do {
            inbound = try InboundSetup(settings: settings, store: store, recordedBy: "keepsake run")
        } catch {
            throw DaemonStartError(kind: .sending, problems: [error.description])
        }
        state = DaemonState(files: files, unsubscribe: unsubscribe, setup: setup)
    }

    /// One tick at the clock's instant, after settling what a previous run left in flight; waits
    /// for its outcomes and closes the transport (`keepsake run --once`).
    public func runOnce() async throws -> TickReport {
        do {
            _ = try await state.setup.dispatcher.recoverAfterRestart(now: clock.now())
            let report = try await TickRunner(dispatcher: state.setup.dispatcher, store: store, logger: logger)
                .tick(now: clock.now(), files: state.files, shouldContinue: { true })
            await state.closeTransports()
            try await store.deregister(identity)
            return report
        } catch {
            await state.closeTransports()
            try? await store.deregister(identity)
            throw error
        }
    }

    /// Reads every source of returned mail once and acts on what waits (before `--once`'s tick, so
    /// that a complaint or a mailed unsubscribe is honoured before the next send); nil when no
    /// source is configured.
    public func processInbound() async -> [InboundResult]? {
        let clock = clock
        let results = await inbound?.drainAll(now: { clock.now() }, logger: Logger(label: "inbound"))
        await inbound?.shutdown()
        return results
    }

    /// Runs the daemon until SIGTERM or SIGINT, then finishes the messages in flight (for at most
    /// `daemon.drain_timeout`) and returns.
    public func runService() async throws {
        var configuration = ServiceGroupConfiguration(services: [.init(service: self)], logger: logger)
        configuration.gracefulShutdownSignals = [.sigterm, .sigint]
        try await ServiceGroup(configuration: configuration).run()
        logger.notice("stopped")
    }

    /// Runs the daemon's services until a graceful shutdown, or until one of them throws.
    public func run() async throws {
        do {
            try await store.recordHeartbeat(of: identity, tick: settings.daemon.tick, now: clock.now())
            _ = try await state.setup.dispatcher.recoverAfterRestart(now: clock.now())
            let ledger = SQLiteSendLedger(store)
            if let lifted = try await ledger.resumeSending(causes: [.relay]) {
                logger.notice("sending resumed at start", metadata: ["was_paused_because": "\(lifted.reason)"])
            }
            try await ledger.recordReloadApplied(at: clock.now())
        } catch {
            await state.closeTransports()
            throw error
        }
        var configuration = ServiceGroupConfiguration(services: services(), logger: logger)
        configuration.maximumGracefulShutdownDuration = settings.daemon.drainTimeout
        do {
            try await ServiceGroup(configuration: configuration).run()
        } catch {
            try? await store.deregister(identity)
            throw error
        }
        // Leaves the registry and gives up the planning lease: another daemon plans from its next tick.
        do {
            try await store.deregister(identity)
        } catch {
            logger.warning("could not leave the daemon registry", metadata: ["reason": "\(error)"])
        }
    }

    /// The longest legitimate pause between two signs of the tick loop's progress, and more.
    var stallLimit: Duration { settings.daemon.tick + settings.smtp.totalTimeout + .seconds(60) }

    /// The services in the order a graceful shutdown stops them backwards.
    func services() -> [ServiceGroupConfiguration.ServiceConfiguration] {
        let ticks = TickService(
            store: store, state: state, clock: clock, interval: settings.daemon.tick, stallLimit: stallLimit,
            notifier: notifier, progress: progress, outage: outage, logger: logger)
        let reload = ReloadService(
            hangups: hangups, configurationPath: configurationPath, campaignsDirectory: loader.campaignsDirectory,
            templatesDirectory: loader.templatesDirectory, state: state, store: store, pacer: pacer, clock: clock,
            notifier: notifier, logger: logger)
        // The transport closes after the ticks finish the messages in flight; the listener comes
        // first, so that a stop ends it last: unsubscribes are answered while those messages finish.
        var services: [ServiceGroupConfiguration.ServiceConfiguration] = [
            .init(service: TransportService(state: state, logger: logger)), .init(service: ticks), .init(service: reload),
        ]
        if let inbound {
            let clock = clock
            services.append(.init(service: InboundService(
                setup: inbound, interval: settings.inbound.pollInterval, now: { clock.now() }, logger: Logger(label: "inbound"))))
        }
        if let listener = listener() { services.insert(.init(service: listener), at: 0) }
        return services
    }

    /// The HTTP listener when `unsubscribe.listen` is set.
    func listener() -> WebListener? {
        guard let address = settings.unsubscribe.listen else { return nil }
        let state = state, clock = clock, progress = progress, outage = outage
        return WebListener(
            address: address,
            unsubscribe: UnsubscribeEndpoint(
                tokens: LinkTokens(secret: settings.unsubscribe.linkSecret), store: store,
                baseURL: settings.unsubscribe.baseURL, trustedProxies: settings.unsubscribe.trustedProxies,
                content: { state.unsubscribe }, now: { clock.now() }, logger: Logger(label: "web")),
            health: HealthCheck(
                store: store, stallLimit: stallLimit, progressAge: { progress.age },
                relayAlarm: settings.daemon.relayAlarm, now: { clock.now() }, storeOutage: { outage.reason }),
            report: ReportEndpoint(
                store: store, token: settings.web.reportToken,
                winBackCampaigns: { Set(state.files.campaigns.filter(\.isWinBack).map(\.id)) }, now: { clock.now() }),
            store: store, metrics: DaemonMetrics.bootstrap(), logger: Logger(label: "web"))
    }
}

/// Why the daemon cannot start.
public struct DaemonStartError: Error, Sendable, CustomStringConvertible {
    /// What is wrong.
    public enum Kind: Sendable {
        /// The calendar, campaigns or templates have errors (`keepsake validate` lists them).
        case campaignFiles
        /// libcurl refused the relay settings (`smtp.*`), or the IMAP mailbox's (`inbound.imap.*`).
        case sending
    }

    /// What is wrong.
    public let kind: Kind
    /// Each problem, with its file:line:column or setting.
    public let problems: [String]

    public var description: String { problems.joined(separator: "\n") }
}
