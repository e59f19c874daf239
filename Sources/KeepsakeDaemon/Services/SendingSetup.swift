import Configuration
import Foundation
import Logging
import SMTP
import Scheduler
import Store

/// What `keepsake run` builds from the operator configuration to send: the transport to the
/// relay (`smtp.*` with the password) and the dispatcher using it (`sender.*`, `daemon.in_doubt`).
/// A reload builds a new one from the re-read configuration; the pacer carries over, so what it
/// learnt of the relay's limits stays, and so do the outcomes the store has not taken yet.
struct SendingSetup: Sendable {
    let settings: KeepsakeConfiguration
    let transport: SMTPTransport
    let dispatcher: Dispatcher

    /// Builds the setup for `settings`, sending for `daemon`.
    ///
    /// - Throws: ``SMTPTransportError`` when libcurl refuses the relay settings.
    init(
        settings: KeepsakeConfiguration, store: KeepsakeStore, pacer: Pacer, daemon: DaemonIdentity, logger: Logger,
        unrecordedOutcomes: UnrecordedOutcomes = UnrecordedOutcomes()
    ) throws(SMTPTransportError) {
        self.settings = settings
        transport = try SMTPTransport(configuration: settings.smtp, connections: settings.connections, logger: Logger(label: "smtp"))
        dispatcher = Dispatcher(
            store: store, transport: transport,
            settings: .init(
                envelopeSender: settings.sender.envelopeFrom.description,
                inDoubt: settings.daemon.inDoubt == .resend ? .resend : .hold,
                suppressionBreaker: SuppressionBreaker(limit: settings.daemon.suppressionBreaker),
                afterFixing: Self.afterFixing(settings), campaignPause: CampaignPauseRule(settings.inbound.campaignPause),
                tick: settings.daemon.tick),
            logger: logger, pacer: pacer, daemon: daemon, unrecordedOutcomes: unrecordedOutcomes)
    }

    /// What ends a pause the relay caused, once the operator has fixed the settings: exactly what
    /// a reload re-reads, and what needs a restart instead.
    static func afterFixing(_ settings: KeepsakeConfiguration) -> String {
        var text = "then run systemctl reload keepsake (it re-reads smtp.*, sender.* and dkim.* from \(settings.source), "
            + "with the password file and the DKIM key files)"
        if !settings.startOnlySecrets.isEmpty {
            text += ", or systemctl restart keepsake if you changed \(settings.startOnlySecrets.joined(separator: " or ")), "
                + "which only a restart reads again"
        }
        return text + "; if only the relay's side was fixed, keepsake resume"
    }

    /// What the reload log line says about the secrets it could not re-read, or nil when it re-read them all.
    var startOnlyNote: String? {
        guard !settings.startOnlySecrets.isEmpty else { return nil }
        return "\(settings.startOnlySecrets.joined(separator: ", ")) kept as at start; "
            + "after changing \(settings.startOnlySecrets.count == 1 ? "it" : "them") run systemctl restart keepsake"
    }

    /// The settings `next` changes that a reload does not apply, each with the advice to restart.
    func settingsNeedingRestart(in next: KeepsakeConfiguration) -> [String] {
        var changed: [String] = []
        if next.databasePath != settings.databasePath { changed.append("database.path") }
        if next.daemon != settings.daemon { changed.append("daemon.*") }
        if next.pacing != settings.pacing { changed.append("smtp.rate or smtp.per_domain_connections") }
        return changed
    }
}
