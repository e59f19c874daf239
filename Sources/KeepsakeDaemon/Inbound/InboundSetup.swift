import Configuration
import Foundation
import IMAP
import Inbound
import Logging
import Mail
import Store

/// The processing path and the sources of returned mail the configuration names (`inbound.*`),
/// for the daemon's ``InboundService`` and `keepsake inbound process`.
public struct InboundSetup: Sendable {
    let processor: InboundProcessor
    let sources: [any InboundSource]
    /// Checked once a round's messages are committed: their complaints and bounces may pause a campaign.
    let campaignPause: CampaignPauseRule

    /// Nil when no source is configured.
    ///
    /// - Throws: ``InboundSetupError`` when the IMAP mailbox's password cannot be read or libcurl
    ///   refuses its settings.
    public init?(settings: KeepsakeConfiguration, store: KeepsakeStore, recordedBy: String) throws(InboundSetupError) {
        let inbound = settings.inbound
        guard inbound.hasSource else { return nil }
        let tokens = LinkTokens(secret: settings.unsubscribe.linkSecret)
        let signatures: any DeliverySignatureCheck =
            (try? EnvelopeSender(base: settings.sender.envelopeFrom, tokens: tokens)) ?? NoSignatures()
        processor = InboundProcessor(
            recogniser: InboundRecogniser(
                bounceAddress: settings.sender.envelopeFrom.description, unsubscribeAddress: settings.unsubscribe.mailto?.description),
            store: store, signatures: signatures,
            settings: InboundSettings(
                temporaryFailureLimit: inbound.temporaryFailureLimit,
                temporaryFailurePeriod: TimeInterval(inbound.temporaryFailurePeriod.components.seconds),
                breaker: SuppressionBreaker(limit: settings.daemon.suppressionBreaker)),
            recordedBy: recordedBy)
        var sources: [any InboundSource] = []
        if let spool = inbound.spool { sources.append(MaildirSource(folder: URL(fileURLWithPath: spool, isDirectory: true), kind: "spool")) }
        if let maildir = inbound.maildir { sources.append(MaildirSource(folder: URL(fileURLWithPath: maildir, isDirectory: true))) }
        if let imap = inbound.imap { sources.append(try IMAPSourceSetup.source(imap)) }
        self.sources = sources
        campaignPause = CampaignPauseRule(inbound.campaignPause)
    }

    /// Reads every source once; logs each message (logfmt keys: source, key, kind, outcome,
    /// digest, detail) and each source that failed (the message stays for the next round).
    public func drainAll(now: @escaping @Sendable () -> Date, logger: Logger) async -> [InboundResult] {
        var results: [InboundResult] = []
        var failed: [String] = []
        for source in sources {
            do {
                // The processed and kept-aside folders, created where missing (one LIST when they exist).
                if let mailbox = source as? IMAPSource { try await mailbox.prepare() }
                let drained = try await processor.drain(source, limit: 500, now: now, afterCommit: Self.testKillAfterCommit)
                for result in drained {
                    logger.notice("inbound", metadata: [
                        "source": "\(source.description)", "kind": "\(result.kind?.rawValue ?? "-")", "outcome": "\(result.outcome.rawValue)",
                        "digest": "\(result.digest.prefix(16))", "detail": "\(result.detail ?? "")",
                    ])
                }
                results += drained
            } catch {
                logger.error("inbound source failed", metadata: ["source": "\(source.description)", "problem": "\(error)"])
                failed.append("\(source.description): \(error)")
            }
        }
        do {
            try processor.store.recordInboundPoll(InboundPoll(at: now(), messages: results.count, failedSources: failed))
        } catch {
            logger.error("inbound poll not recorded", metadata: ["problem": "\(error)"])
        }
        if results.contains(where: { $0.outcome != .duplicate }) {
            do {
                for pause in try processor.store.applyCampaignPauseRule(campaignPause, now: now()) {
                    CampaignPauseLog.paused(pause, logger: logger)
                }
            } catch {
                logger.error("campaign pause rule failed", metadata: ["problem": "\(error)"])
            }
        }
        return results
    }

    /// Test hook: with `KEEPSAKE_TEST_KILL_AFTER_INBOUND_COMMIT` set, the process kills itself
    /// (SIGKILL) right after the first message's effects are committed, before its source puts it away.
    static let testKillAfterCommit: @Sendable (InboundItem) -> Void = {
        guard ProcessInfo.processInfo.environment["KEEPSAKE_TEST_KILL_AFTER_INBOUND_COMMIT"] != nil else { return { _ in } }
        return { _ in kill(getpid(), SIGKILL) }
    }()

    /// Closes the IMAP connections (the daemon's stop).
    public func shutdown() async {
        for case let mailbox as IMAPSource in sources { await mailbox.client.shutdown() }
    }
}

/// Without an envelope sender able to sign (its local part holds a `+`), no token is authentic:
/// reports are tied by their Message-ID only.
struct NoSignatures: DeliverySignatureCheck {
    func isAuthentic(signature: String, for delivery: LedgerDelivery) -> Bool { false }
}
