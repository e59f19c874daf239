import Foundation
import Scheduler
import Synchronization
import Logging
import Mail
import SMTP
import Store

/// The daemon's work for one instant (a tick): plan the days that came into range or whose inputs
/// changed (``DayPlanner``), record what became due in the send ledger, then
/// send what waits — each delivery's intent written before it goes to the relay and its outcome
/// after — retrying, expiring, suppressing and pausing by the rules of ``OutcomeDecision``.
///
/// ```swift
/// let dispatcher = Dispatcher(store: store, transport: transport, settings: settings, logger: logger)
/// _ = try await dispatcher.recoverAfterRestart(now: Date())
/// let report = try await dispatcher.tick(now: Date(), files: files)
/// ```
///
/// A delivery is `sending` in the ledger only while one connection holds it, so after a kill at
/// most one delivery per connection is in doubt. Claims and outcomes of all connections are
/// committed together (``LedgerWriter``), each caller resuming only once its write is durable.
public final class Dispatcher: Sendable {
    /// Settings of the sending side.
    public struct Settings: Sendable {
        /// The envelope sender (MAIL FROM; the Return-Path), from the operator config.
        public var envelopeSender: String
        /// What to do when the relay's verdict on a message is unknown.
        public var inDoubt: InDoubtPolicy
        /// When to retry a temporary failure.
        public var retry: RetryPolicy
        /// How many deliveries one tick takes from the ledger at most.
        public var batchLimit: Int
        /// When hard bounces stop suppressing and wait for the operator (`daemon.suppression_breaker`).
        public var suppressionBreaker: SuppressionBreaker
        /// What ends a pause the relay caused once the settings are fixed, appended to its reason:
        /// a reload, or a restart when the fix is in a secret a reload cannot re-read.
        public var afterFixing: String
        /// When a campaign pauses by its bounce or complaint rate (`inbound.campaign_pause`).
        public var campaignPause: CampaignPauseRule
        /// The daemon's tick (`daemon.tick`): the planning lease and the daemon's registration last
        /// two ticks past each renewal.
        public var tick: Duration

        public init(
            envelopeSender: String, inDoubt: InDoubtPolicy = .hold, retry: RetryPolicy = .standard, batchLimit: Int = 50_000,
            suppressionBreaker: SuppressionBreaker = .standard,
            afterFixing: String = "then run systemctl reload keepsake, or keepsake resume if only the relay's side was fixed",
            campaignPause: CampaignPauseRule = .standard, tick: Duration = .seconds(60)
        ) {
            self.envelopeSender = envelopeSender
            self.inDoubt = inDoubt
            self.retry = retry
            self.batchLimit = batchLimit
            self.suppressionBreaker = suppressionBreaker
            self.afterFixing = afterFixing
            self.campaignPause = campaignPause
            self.tick = tick
        }
    }

    /// What planning reads (the planner is synchronous and CPU-bound).
    let store: KeepsakeStore
    /// Every other store call of a tick, asynchronous: a wait for the database suspends the tick
    /// instead of blocking a cooperative thread.
    let sendLedger: any SendLedgerStore
    let transport: SMTPTransport
    let settings: Settings
    let logger: Logger
    /// Commits claims and outcomes in groups.
    let ledger: LedgerWriter
    /// The daemon this dispatcher works for, among the daemons sharing the store: its claims are
    /// recorded for it, and it plans only while it holds the planning lease.
    public let daemon: DaemonIdentity
    /// Paces every send of the daemon's life: `smtp.rate`, the per-domain limit, and the back-off
    /// when the relay throttles.
    public let pacer: Pacer
    /// What the relay answered while the store was down, written at the next tick that reaches it.
    public let unrecordedOutcomes: UnrecordedOutcomes
    /// Whether the campaign pause rule must be applied again: at this dispatcher's first tick (a
    /// start or a reload, which may change the rule) and once outcomes were recorded since. The
    /// rule reads 30 days of outcomes, so a tick with nothing to send never reads them; returned
    /// mail applies the rule itself (``InboundSetup``).
    private let campaignPauseRuleDue = Mutex(true)
    /// From when other daemons may be judged gone by their heartbeat again: three ticks after a
    /// tick of this one failed (the store did not answer), so that daemons silenced by the same
    /// outage are not taken for gone, their claims in doubt, before they beat again.
    let heartbeatsTrustedFrom = Mutex<Date?>(nil)

    /// A dispatcher sending through `transport` at the pace `pacer` allows (by default without limit
    /// until the relay throttles). Give the same pacer to every dispatcher of one daemon, so that
    /// what it learnt from the relay carries from one tick to the next.
    ///
    /// Every dispatcher of one process works for the same daemon unless `daemon` says otherwise.
    public init(
        store: KeepsakeStore, transport: SMTPTransport, settings: Settings, logger: Logger, pacer: Pacer = Pacer(),
        daemon: DaemonIdentity = .process, unrecordedOutcomes: UnrecordedOutcomes = UnrecordedOutcomes()
    ) {
        self.unrecordedOutcomes = unrecordedOutcomes
        self.store = store
        self.daemon = daemon
        self.sendLedger = SQLiteSendLedger(store)
        self.transport = transport
        self.settings = settings
        self.logger = logger
        self.pacer = pacer
        self.ledger = LedgerWriter(store: store, breaker: settings.suppressionBreaker, claimant: daemon.id)
    }

    /// One tick at `now`. `shouldContinue` is asked before each send; when it says no (a graceful
    /// shutdown), the tick stops taking deliveries, lets the ones in flight finish and records them.
    public func tick(
        now: Date, files: CampaignFiles, shouldContinue: @escaping @Sendable () -> Bool = { true }
    ) async throws -> TickReport {
        do {
            return try await tickOnce(now: now, files: files, shouldContinue: shouldContinue)
        } catch {
            noteTickFailed(at: now)
            throw error
        }
    }

    /// Notes a tick that failed at `now` (here, or before it began: the store check): for three
    /// ticks from now the other daemons are judged only by whether their process ended.
    public func noteTickFailed(at now: Date) {
        let tick = Double(settings.tick.components.seconds) + Double(settings.tick.components.attoseconds) / 1e18
        heartbeatsTrustedFrom.withLock { $0 = now.addingTimeInterval(3 * tick) }
    }

    private func tickOnce(
        now: Date, files: CampaignFiles, shouldContinue: @escaping @Sendable () -> Bool
    ) async throws -> TickReport {
        var report = TickReport(now: now)
        try await store.recordHeartbeat(of: daemon, tick: settings.tick, now: now)
        try await writeUnrecordedOutcomes(now: now)
        report.interruptedElsewhere = try await settleAbandonedClaims(now: now, atStart: false).count
        // One daemon of those sharing the store plans the days and records what became due; the
        // others only send.
        report.planning = try await store.takePlanningLease(for: daemon, tick: settings.tick, now: now)
        if report.planning {
            // Planning and recording what became due read and write the store synchronously: on a
            // thread of their own, so that a day of a million customers never holds the cooperative pool.
            let (planning, becameDue) = try await OwnThread.run { [self] in
                let planning = try DayPlanner.fromEnvironment(files: files, store: store).keepPlanned(now: now)
                return (planning, try recordBecameDue(now: now, files: files))
            }
            report.plannerRuns = planning.runs
            report.planned = planning.rows
            report.recorded += becameDue.recorded
            report.dropped += becameDue.dropped
        }
        for delivery in try await sendLedger.expireOverdue(now: now) {
            report.expired += 1
            logger.notice("delivery expired", metadata: metadata(delivery, ["status": "expired"]))
        }
        try await applyCampaignPauseRuleIfDue(now: now)
        if let pause = try await sendLedger.sendingPause() {
            report.pausedBecause = pause.reason
            return report
        }
        // Page by page, so memory stays flat however many are due (a holiday morning).
        let stop = StopFlag()
        let relay = RelayWatch()
        var seen = Set<Int64>()
        while seen.count < settings.batchLimit, shouldContinue(), !stop.isSet {
            let page = try await postponeOutsideWindow(
                try await sendLedger.waitingDeliveries(dueBy: now, limit: min(Self.pageSize, settings.batchLimit - seen.count)),
                now: now, files: files, report: &report
            ).filter { !seen.contains($0.id) }
            guard !page.isEmpty else { break }
            seen.formUnion(page.map(\.id))
            try await send(page, now: now, files: files, stop: stop, relay: relay, shouldContinue: shouldContinue, report: &report)
        }
        try await relay.settle(store: sendLedger, now: now, logger: logger)
        // The outcomes of this tick count before the next one sends.
        try await applyCampaignPauseRuleIfDue(now: now)
        report.interrupted = !shouldContinue()
        if report.pausedBecause == nil, let pause = try await sendLedger.sendingPause() { report.pausedBecause = pause.reason }
        return report
    }

    /// Pauses the campaigns whose bounce or complaint rate meets the rule, when outcomes were
    /// recorded since the rule was last applied (or this dispatcher has not applied it yet).
    private func applyCampaignPauseRuleIfDue(now: Date) async throws {
        guard campaignPauseRuleDue.withLock({ due in defer { due = false }; return due }) else { return }
        do {
            for pause in try await sendLedger.applyCampaignPauseRule(settings.campaignPause, now: now) {
                CampaignPauseLog.paused(pause, logger: logger)
            }
        } catch {
            campaignPauseRuleDue.withLock { $0 = true }
            throw error
        }
    }

    /// Makes the rule due again after an outcome its rates count (a delivery sent or failed).
    func noteForCampaignPauseRule(_ outcome: LedgerOutcome) {
        guard outcome.status == .sent || outcome.status == .failed else { return }
        campaignPauseRuleDue.withLock { $0 = true }
    }

    /// Records the planned rows whose send instant came as due, a page at a time: their coupon
    /// codes are reserved first (a code is reserved once a delivery is due, so a re-plan never
    /// leaves one behind), and the drops decided in advance are recorded and logged.
    private func recordBecameDue(now: Date, files: CampaignFiles) throws -> (recorded: Int, dropped: Int) {
        var counts = (recorded: 0, dropped: 0)
        let coupons = CouponCodes(store: store, composer: files.composer)
        while true {
            let page = try store.becomingDue(now: now, limit: Self.pageSize)
            guard !page.isEmpty else { return counts }
            _ = try coupons.reserve(
                page.filter { $0.droppedBy == nil }.compactMap(\.occurrence), reservedBy: "keepsake run", now: now,
                fillingLedger: true)
            let due = try store.markDue(page, now: now)
            counts.recorded += due.count
            for delivery in due where delivery.status == .dropped {
                counts.dropped += 1
                logger.notice("delivery dropped", metadata: metadata(delivery, [
                    "status": "dropped", "day": "\(delivery.day)",
                    "reason": "\(delivery.droppedBy.map(HoldReason.init(droppedBy:))?.description ?? "unknown")",
                ]))
            }
        }
    }

    /// The deliveries whose customer's send window is open at `now`. The others — waiting since an
    /// operator's `resolve --resend`, a restart under the `resend` policy or a daemon that was down
    /// all day — get their next attempt moved to the window's next opening: never a message at night.
    private func postponeOutsideWindow(
        _ waiting: [LedgerDelivery], now: Date, files: CampaignFiles, report: inout TickReport
    ) async throws -> [LedgerDelivery] {
        var open: [LedgerDelivery] = []
        for delivery in waiting {
            let opens = files.withinWindow(now, timeZone: delivery.timeZone)
            guard opens > now else {
                open.append(delivery)
                continue
            }
            if try await sendLedger.postpone(delivery.id, until: opens, now: now) {
                report.postponed += 1
                logger.info("delivery waits for the send window", metadata: metadata(delivery, [
                    "next_attempt_at": "\(opens.ISO8601Format())",
                ]))
            }
        }
        return open
    }

    /// How many waiting deliveries a tick reads (and holds in memory) at once.
    static let pageSize = 2_000

    /// Sends one page of waiting deliveries. Composition runs ahead of the connections, but a
    /// delivery is claimed only once it holds one of the connections' sending slots.
    private func send(
        _ page: [LedgerDelivery], now: Date, files: CampaignFiles, stop: StopFlag, relay: RelayWatch,
        shouldContinue: @escaping @Sendable () -> Bool, report: inout TickReport
    ) async throws {
        let customers = try await sendLedger.customers(ids: page.compactMap(\.customerID))
        let slots = SendingSlots(count: transport.connectionCount)
        try await withThrowingTaskGroup(of: SendResult.self) { group in
            var index = 0
            func startNext() -> Bool {
                guard index < page.count, shouldContinue(), !stop.isSet else { return false }
                let delivery = page[index]
                index += 1
                let customer = delivery.customerID.flatMap { customers[$0] }
                group.addTask {
                    try await self.send(
                        delivery, customer: customer, now: now, files: files, stop: stop, relay: relay, slots: slots)
                }
                return true
            }
            for _ in 0..<(transport.connectionCount * Self.composedAheadPerConnection) where !startNext() { break }
            while let result = try await group.next() {
                report.add(result)
                _ = startNext()
            }
        }
    }

    /// How many deliveries per connection are composed (or waiting for a slot) at once: the next
    /// message is ready when a connection frees up.
    static let composedAheadPerConnection = 2

    /// What became of one delivery in this tick.
    enum SendResult: Sendable {
        case attempted(LedgerDelivery, LedgerOutcome)
        case cancelled(LedgerDelivery, String)
        case skipped
    }

    private func send(
        _ delivery: LedgerDelivery, customer: CustomerRecord?, now: Date, files: CampaignFiles, stop: StopFlag,
        relay: RelayWatch, slots: SendingSlots
    ) async throws -> SendResult {
        guard !stop.isSet else { return .skipped }
        // Compose before claiming, so the delivery is `sending` only while the relay has it.
        let prepared = PreparedDelivery(
            delivery, customer: customer, composer: files.composer,
            envelopeSender: files.envelopeSender?.address(for: delivery) ?? settings.envelopeSender,
            mailtoToken: files.envelopeSender?.mailtoToken(for: delivery))
        await slots.acquire()
        defer { slots.release() }
        // Wait for the pacer before the claim, so that a delivery is `sending` only while the relay has it.
        let domain = prepared.failure == nil ? prepared.envelope?.recipientDomain : nil
        if let domain {
            await pacer.permit(domain: domain)
            if stop.isSet {
                await pacer.release(domain: domain)
                return .skipped
            }
        }
        let claim = try await unrecordedOutcomes.claim(delivery.id, now: now, through: ledger)
        if let domain, !claim.isClaimed { await pacer.release(domain: domain) }
        switch claim {
        case .notWaiting, .heldByAnotherDaemon:
            return .skipped
        case .cancelled(let reason):
            logger.notice("delivery cancelled", metadata: metadata(delivery, ["status": "cancelled", "reply": "\(reason)"]))
            return .cancelled(delivery, reason)
        case .claimed:
            break
        }
        guard let envelope = prepared.envelope, let domain else {
            let failure = prepared.failure ?? .init(reason: "the delivery has no recipient address", stage: "envelope")
            let outcome = LedgerOutcome.failed(reply: failure.reason, stage: failure.stage, suppress: false)
            try await unrecordedOutcomes.recordOutcome(delivery, outcome, now: now, through: ledger)
            noteForCampaignPauseRule(outcome)
            log(delivery, outcome, attempt: delivery.attempts + 1)
            return .attempted(delivery, outcome)
        }
        let result = await transport.send(prepared.bytes, envelope: envelope)
        await pacer.record(result, domain: domain)
        let timeZone = delivery.timeZone
        let decision = OutcomeDecision.decide(
            result, delivery: delivery, attempt: delivery.attempts + 1, now: now, retry: settings.retry,
            inDoubt: settings.inDoubt, nextWindow: { files.withinWindow($0, timeZone: timeZone) })
        let suppression = try await unrecordedOutcomes.recordOutcome(delivery, decision.ledger, now: now, through: ledger)
        noteForCampaignPauseRule(decision.ledger)
        relay.observe(result, decision)
        if let suppression, suppression != .suppressed {
            stop.set()
            if case .tripped(let count, let pattern) = suppression {
                logger.critical("sending paused", metadata: [
                    "reason": "suppression breaker: \(count) recipients in a row refused with one reply; run keepsake suppression confirm or undo",
                    "reply_pattern": "\(pattern)",
                ])
            }
        }
        if let problem = decision.pauseReason {
            let reason = "\(problem); \(settings.afterFixing)"
            try await sendLedger.pauseSending(SendingPause(cause: .relay, reason: reason, since: now))
            logger.critical("sending paused", metadata: ["reason": "\(reason)"])
        }
        if decision.relayUnavailable { stop.set() }
        log(delivery, decision.ledger, attempt: delivery.attempts + 1)
        return .attempted(delivery, decision.ledger)
    }

    func log(_ delivery: LedgerDelivery, _ outcome: LedgerOutcome, attempt: Int) {
        var extra: Logger.Metadata = ["status": "\(outcome.status.rawValue)", "reply": "\(outcome.reply)", "attempt": "\(attempt)"]
        if case .deferred(let retryAt, _, _) = outcome { extra["retry_at"] = "\(retryAt.ISO8601Format())" }
        let level: Logger.Level = switch outcome {
        case .sent: .info
        case .deferred, .requeued: .warning
        case .failed, .expired, .inDoubt: .error
        }
        logger.log(level: level, "delivery \(outcome.status.rawValue)", metadata: metadata(delivery, extra))
        DeliveryMetrics.record(delivery, outcome)
    }

    func metadata(_ delivery: LedgerDelivery, _ extra: Logger.Metadata) -> Logger.Metadata {
        var metadata: Logger.Metadata = [
            "delivery": "\(delivery.id)", "campaign": "\(delivery.campaignID)",
            "customer": "\(delivery.customerID ?? "-")", "message_id": "\(delivery.messageID)",
        ]
        metadata.merge(extra) { _, new in new }
        return metadata
    }
}

extension TickReport {
    mutating func add(_ result: Dispatcher.SendResult) {
        switch result {
        case .attempted(let delivery, let outcome):
            outcomes[outcome.status.rawValue, default: 0] += 1
            if outcome.status == .sent { sentByCampaign[delivery.campaignID, default: 0] += 1 }
        case .cancelled:
            cancelled += 1
        case .skipped:
            break
        }
    }
}
