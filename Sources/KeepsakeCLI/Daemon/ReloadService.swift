import Foundation
import Logging
import ServiceLifecycle
import Store
import UnixSignals

/// Reloads the calendar, campaigns and templates on SIGHUP (`systemctl reload keepsake`). The new
/// set is checked first, exactly as `keepsake validate` checks it; on any error the old set keeps
/// running and every problem is logged with its file:line:column. A successful reload also lifts
/// a pause the relay caused (the operator fixed the settings and reloads).
///
/// SIGHUP is trapped by `hangups`, created before the service group starts: systemd may send
/// `systemctl reload`'s SIGHUP the moment it hears READY=1, and an untrapped SIGHUP kills the process.
struct ReloadService: Service {
    let hangups: UnixSignalsSequence
    let loader: CampaignFilesLoader
    let state: DaemonState
    let store: KeepsakeStore
    let notifier: SystemdNotifier
    let logger: Logger

    func run() async throws {
        try await cancelWhenGracefulShutdown {
            for await _ in hangups {
                reload()
            }
        }
    }

    func reload() {
        notifier.reloading(status: "reloading the campaign files")
        switch loader.load() {
        case .ready(let files, let unsubscribe, let warnings):
            state.replace(with: files, unsubscribe: unsubscribe)
            warnings.forEach { logger.warning("campaign files", metadata: ["problem": "\($0)"]) }
            var metadata: Logger.Metadata = ["campaigns": "\(files.campaigns.count)"]
            if let lifted = try? store.resumeSending(causes: [.relay]) {
                metadata["resumed_after"] = "\(lifted.reason)"
            }
            logger.notice("reloaded", metadata: metadata)
            notifier.reloaded(status: "reloaded: \(files.campaigns.count) campaigns")
        case .broken(let problems):
            for problem in problems {
                logger.error("reload refused; the previous campaign files keep running", metadata: ["problem": "\(problem)"])
            }
            notifier.reloaded(status: "reload refused (\(problems.count) problems); previous campaign files running")
        }
    }
}
