import Configuration
import Scheduler
import Foundation
import Logging
import SMTP
import ServiceLifecycle
import Store
import UnixSignals
import Web

/// Reloads on SIGHUP (`systemctl reload keepsake`): the configuration file — `smtp.*`, `sender.*`
/// and `dkim.*`, with the password file and the DKIM key files read again — and the calendar,
/// campaigns and templates. The new set is checked first, exactly as `keepsake validate` checks
/// it; on any error the old set keeps running, every problem is logged with its file:line:column,
/// and the refusal is kept in the store for `keepsake status`, `/healthz` and `/metrics`. A reload
/// that is applied also lifts a pause the relay caused (the operator fixed the settings).
///
/// What a reload cannot re-read is said in its log line: a systemd credential (copied into
/// `$CREDENTIALS_DIRECTORY` at start only) and environment variables; `database.path`,
/// `daemon.*`, `unsubscribe.*`, `smtp.rate` and `smtp.per_domain_connections` also keep their
/// values until `systemctl restart keepsake`.
///
/// `hangups` is any sequence of signals, each one a reload: in the daemon a `UnixSignalsSequence`
/// trapping SIGHUP, created before the service group starts (systemd may send `systemctl
/// reload`'s SIGHUP the moment it hears READY=1, and an untrapped SIGHUP kills the process); in
/// tests a stream they feed.
struct ReloadService<Hangups: AsyncSequence & Sendable>: Service where Hangups.Element == UnixSignal {
    let hangups: Hangups
    /// The `--config` file, or nil for `$KEEPSAKE_CONFIG` and the default path, as at start.
    let configurationPath: String?
    let campaignsDirectory: String
    let templatesDirectory: String
    let state: DaemonState
    let store: KeepsakeStore
    /// The store's daemon calls, asynchronous.
    var ledger: any SendLedgerStore { SQLiteSendLedger(store) }
    let pacer: Pacer
    let clock: DaemonClock
    let notifier: SystemdNotifier
    let logger: Logger

    func run() async throws {
        try await cancelWhenGracefulShutdown {
            for try await _ in hangups {
                await reload()
            }
        }
    }

    /// The outcome of reading everything again.
    enum Loaded {
        case ready(CampaignFiles, UnsubscribeContent, warnings: [String], SendingSetup)
        case refused([String])
    }

    func load() -> Loaded {
        let settings: KeepsakeConfiguration
        do {
            settings = try KeepsakeConfiguration.load(path: configurationPath, environment: ProcessInfo.processInfo.environment)
        } catch {
            return .refused(["\(error)"])
        }
        let loader = CampaignFilesLoader(
            campaignsDirectory: campaignsDirectory, templatesDirectory: templatesDirectory, settings: settings)
        switch loader.load() {
        case .broken(let problems):
            return .refused(problems)
        case .ready(let files, let unsubscribe, let warnings):
            do {
                let setup = try SendingSetup(
                    settings: settings, store: store, pacer: pacer, daemon: state.setup.dispatcher.daemon, logger: logger,
                    unrecordedOutcomes: state.setup.dispatcher.unrecordedOutcomes)
                return .ready(files, unsubscribe, warnings: warnings, setup)
            } catch {
                return .refused(["\(settings.source): smtp: \(error.message)"])
            }
        }
    }

    func reload() async {
        notifier.reloading(status: "reloading the configuration and the campaign files")
        let now = clock.now()
        switch load() {
        case .ready(let files, let unsubscribe, let warnings, let setup):
            let previous = state.setup
            state.replace(with: files, unsubscribe: unsubscribe, setup: setup)
            warnings.forEach { logger.warning("campaign files", metadata: ["problem": "\($0)"]) }
            setup.settings.dkim?.warnings.forEach { logger.warning("dkim", metadata: ["problem": "\($0)"]) }
            for setting in previous.settingsNeedingRestart(in: setup.settings) {
                logger.warning("reload: a changed setting is not applied", metadata: [
                    "setting": "\(setting)", "problem": "\(setting) changed; it takes effect after systemctl restart keepsake",
                ])
            }
            var metadata: Logger.Metadata = ["campaigns": "\(files.campaigns.count)", "settings": "\(setup.settings.source)"]
            if let note = setup.startOnlyNote { metadata["not_reread"] = "\(note)" }
            do {
                try await ledger.recordReloadApplied(at: now)
                if let lifted = try await ledger.resumeSending(causes: [.relay]) {
                    metadata["resumed_after"] = "\(lifted.reason)"
                }
            } catch {
                logger.error("reload: the store does not answer", metadata: ["error": "\(error)"])
            }
            logger.notice("reloaded", metadata: metadata)
            notifier.reloaded(status: "reloaded: \(files.campaigns.count) campaigns, settings from \(setup.settings.source)")
        case .refused(let problems):
            for problem in problems {
                logger.error("reload refused; the previous configuration and campaign files keep running", metadata: [
                    "problem": "\(problem)",
                ])
            }
            do {
                try await ledger.recordReloadRefused(at: now, problems: problems)
            } catch {
                logger.error("reload: the store does not answer", metadata: ["error": "\(error)"])
            }
            notifier.reloaded(status: "reload refused (\(problems.count) problems); previous configuration and campaign files running")
        }
    }
}
