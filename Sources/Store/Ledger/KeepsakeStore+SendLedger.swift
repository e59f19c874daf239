import Calendars
import Foundation

/// What happened to one send attempt, as the daemon records it.
public enum LedgerOutcome: Hashable, Sendable {
    /// The relay accepted the message.
    case sent(reply: String, stage: String)
    /// A temporary failure: try again at `retryAt`.
    case deferred(retryAt: Date, reply: String, stage: String)
    /// Refused for good; with `suppress`, the address goes on the suppression list (a hard bounce).
    case failed(reply: String, stage: String, suppress: Bool)
    /// A temporary failure after which the grace leaves no time for another attempt.
    case expired(reply: String, stage: String)
    /// The relay may have accepted it (no reply after the end-of-data marker).
    case inDoubt(reply: String, stage: String)
    /// Not the delivery's fault (the relay refused the sender, the login or TLS): back to waiting,
    /// as if the attempt had not been made, while sending is paused.
    case requeued(reply: String, stage: String)
}

/// Whether a delivery may be sent right now.
public enum ClaimOutcome: Hashable, Sendable {
    /// It is now `sending`, authorized by this consent event (its ledger sequence).
    case claimed(consentEvent: Int64)
    /// It is now `cancelled`: the reason says why (consent withdrawn, address suppressed or forgotten).
    case cancelled(reason: String)
    /// It is not waiting any more (another process or an operator changed it).
    case notWaiting(LedgerStatus)
    /// Another daemon's transaction holds its row at this moment (claiming or cancelling it; on
    /// PostgreSQL, whose `FOR UPDATE SKIP LOCKED` passes it by instead of waiting): it is that
    /// daemon's, or waits again for the next tick if that daemon's transaction rolls back.
    case heldByAnotherDaemon
}

extension KeepsakeStore {
    /// Records deliveries that became due, in one transaction. An occurrence already in the ledger
    /// is left exactly as it is, so nothing is ever planned twice. Returns the new ones, with their ids.
    ///
    /// - Throws: a database error, recording nothing, when a coupon code is already another
    ///   delivery's (codes come from ``reserveCouponCodes(_:reservedBy:now:fillingLedger:candidate:)``, which never gives one twice).
    @discardableResult
    public func recordDue(_ deliveries: [LedgerDelivery]) throws -> [LedgerDelivery] {
        guard !deliveries.isEmpty else { return [] }
        return try database.write(Self.recordingDue(deliveries, digests: digests))
    }

    /// ``recordDue(_:)``'s transaction, shared by the synchronous store and ``SQLiteSendLedger``.
    static func recordingDue(
        _ deliveries: [LedgerDelivery], digests: PersonalDigest
    ) -> @Sendable (any StoreConnection) throws -> [LedgerDelivery] {
        return { db in try insert(deliveries, due: true, digests: digests, in: db) }
    }

    /// Inserts ledger rows, leaving an occurrence already in the ledger as it is; returns the new
    /// ones with their ids. `due` rows are due from their `planned_at`; the others become due when
    /// their send instant comes (``recordBecameDue(now:)``).
    func insert(_ deliveries: [LedgerDelivery], due: Bool, in db: any StoreConnection) throws -> [LedgerDelivery] {
        try Self.insert(deliveries, due: due, digests: digests, in: db)
    }

    /// ``insert(_:due:in:)`` for callers without a store at hand.
    static func insert(
        _ deliveries: [LedgerDelivery], due: Bool, digests: PersonalDigest, in db: any StoreConnection
    ) throws -> [LedgerDelivery] {
        let insert = """
            INSERT INTO deliveries (campaign_id, customer_id, occurrence_date, day, email, email_digest,
                segment, template, locale, time_zone, years, send_at, expires_at, message_id, coupon_code, status,
                attempts, next_attempt_at, dropped_by, planned_at, updated_at, due_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?, ?)
            ON CONFLICT (campaign_id, customer_id, occurrence_date) DO NOTHING
            RETURNING id
            """
        var inserted: [LedgerDelivery] = []
        for var delivery in deliveries {
            let planned = StoredText.instant(delivery.plannedAt)
            let id = try db.value(Int64.self, sql: insert, arguments: [
                delivery.campaignID, delivery.customerID, delivery.occurrenceDate.description,
                delivery.day.description, delivery.email, digests.digest((delivery.email ?? "").lowercased()),
                delivery.segment, delivery.template, delivery.locale, delivery.timeZone.identifier, delivery.years,
                StoredText.instant(delivery.sendAt), StoredText.instant(delivery.expiresAt), delivery.messageID,
                delivery.couponCode, delivery.status.rawValue, StoredText.instant(delivery.nextAttemptAt), delivery.droppedBy,
                planned, planned, due ? planned : nil,
            ])
            guard let id else { continue }
            delivery.id = id
            inserted.append(delivery)
        }
        return inserted
    }

    /// Marks waiting deliveries whose grace ended by `now` as expired, and returns them.
    public func expireOverdue(now: Date) throws -> [LedgerDelivery] {
        try database.write(Self.expiringOverdue(now: now))
    }

    /// ``expireOverdue(now:)``'s transaction.
    static func expiringOverdue(now: Date) -> @Sendable (any StoreConnection) throws -> [LedgerDelivery] {
        let instant = StoredText.instant(now)
        return { db in
            let rows = try LedgerDelivery.fetchAll(db, sql: expiringSQL, arguments: [instant])
            try db.execute(
                sql: """
                    UPDATE deliveries INDEXED BY deliveries_expiring SET status = 'expired', updated_at = ?
                    WHERE status IN ('planned', 'deferred') AND expires_at <= ?
                    """, arguments: [instant, instant])
            return rows.map { var expired = $0; expired.status = .expired; return expired }
        }
    }

    /// Waiting deliveries whose next attempt is due by `now`, earliest first: only rows recorded
    /// as due (``markDue(_:now:)``), never a plan's rows ahead of their send instant, and none of
    /// a paused campaign (they wait, within their grace, for `keepsake resume --campaign`).
    public func waitingDeliveries(dueBy now: Date, limit: Int = 10_000) throws -> [LedgerDelivery] {
        try database.read(Self.readingWaiting(dueBy: now, limit: limit))
    }

    /// ``waitingDeliveries(dueBy:limit:)``'s read.
    static func readingWaiting(dueBy now: Date, limit: Int) -> @Sendable (any StoreConnection) throws -> [LedgerDelivery] {
        return { db in
            try LedgerDelivery.fetchAll(db, sql: waitingSQL, arguments: [StoredText.instant(now), limit])
        }
    }

    // The queries of every tick search their partial indexes by name: without statistics SQLite
    // prefers `deliveries_status (status, day)`, which reads every waiting row of the ledger (800,000
    // on Nowruz) and sorts them, at every tick and for every page of deliveries sent.

    /// The waiting deliveries that expired by an instant (one argument), by id.
    static let expiringSQL = """
        SELECT * FROM deliveries INDEXED BY deliveries_expiring
        WHERE status IN ('planned', 'deferred') AND expires_at <= ? ORDER BY id
        """

    /// Up to a limit of waiting deliveries due by an instant (two arguments), earliest first.
    static let waitingSQL = """
        SELECT * FROM deliveries INDEXED BY deliveries_waiting WHERE status IN ('planned', 'deferred')
        AND next_attempt_at <= ? AND due_at IS NOT NULL
        AND campaign_id NOT IN (SELECT campaign_id FROM campaign_pauses WHERE resumed_at IS NULL)
        ORDER BY next_attempt_at, id LIMIT ?
        """

    /// The earliest next attempt among waiting deliveries, if any wait.
    public func nextWaitingAttempt() throws -> Date? {
        try database.read { db in
            try db.value(String.self, sql: "SELECT MIN(next_attempt_at) FROM deliveries WHERE status IN ('planned', 'deferred')")
        }.flatMap(StoredText.date)
    }

    /// Moves the next attempt of a waiting delivery to `instant` without counting an attempt (its
    /// customer's send window is closed now). Returns false when it is not waiting any more.
    @discardableResult
    public func postpone(_ id: Int64, until instant: Date, now: Date) throws -> Bool {
        try database.write(Self.postponing(id, until: instant, now: now))
    }

    /// ``postpone(_:until:now:)``'s transaction.
    static func postponing(_ id: Int64, until instant: Date, now: Date) -> @Sendable (any StoreConnection) throws -> Bool {
        return { db in
            try db.execute(
                sql: """
                    UPDATE deliveries SET next_attempt_at = ?, updated_at = ?
                    WHERE id = ? AND status IN ('planned', 'deferred')
                    """, arguments: [StoredText.instant(instant), StoredText.instant(now), id])
            return db.changesCount == 1
        }
    }

    /// Checks consent and the suppression list once more and, when the address may still be
    /// written to, marks the delivery `sending` and counts the attempt — in one transaction, so a
    /// revocation either lands before (and stops the send) or after it.
    ///
    /// The daemon claims through ``LedgerWriter``, which commits many claims and outcomes together.
    public func claim(_ id: Int64, now: Date) throws -> ClaimOutcome {
        try database.write { db in try Self.claim(id, now: StoredText.instant(now), in: db) }
    }

    /// ``claim(_:now:)`` inside a transaction that is already open, for the daemon `claimedBy`
    /// (``DaemonIdentity/id``; nil for a caller outside a daemon). The row changes only while it is
    /// still waiting, so of several daemons claiming it at once exactly one gets it.
    ///
    /// On PostgreSQL the row is read `FOR UPDATE SKIP LOCKED`: it stays locked until the claim
    /// commits, and a daemon finding it locked by another's claim passes it by
    /// (``ClaimOutcome/heldByAnotherDaemon``) instead of waiting for that commit. SQLite's single
    /// writer already runs the claims one after the other.
    static func claim(_ id: Int64, now instant: String, claimedBy: String? = nil, in db: any StoreConnection) throws -> ClaimOutcome {
        guard let row = try claimedRow(id, in: db) else {
            guard let status = try db.value(String.self, sql: "SELECT status FROM deliveries WHERE id = ?", arguments: [id]) else {
                throw StoreError(.invalidArgument, "the send ledger has no delivery \(id)")
            }
            let current = LedgerStatus(rawValue: status) ?? .cancelled
            return LedgerStatus.waiting.contains(current) ? .heldByAnotherDaemon : .notWaiting(current)
        }
        let status = try LedgerStatus(rawValue: row["status"]) ?? .cancelled
        guard LedgerStatus.waiting.contains(status) else { return .notWaiting(status) }
        let digest: String = try row["email_digest"]
        let consent = try db.row(
            sql: "SELECT sequence, status FROM consent_events WHERE email_digest = ? AND preference IS NULL ORDER BY sequence DESC LIMIT 1",
            arguments: [digest])
        var refusal: String?
        let erased = try db.value(Bool.self, sql: "SELECT 1 FROM erased_addresses WHERE email_digest = ?", arguments: [digest]) ?? false
        if try (row["email"] as String?) == nil || erased {
            refusal = "the customer was forgotten"
        } else if let reason = try db.value(String.self, sql: "SELECT reason FROM suppressions WHERE email_digest = ?", arguments: [digest]) {
            refusal = "the address is suppressed (\(reason))"
        } else if try consent == nil || (consent!["status"] as String) != ConsentStatus.optedIn.rawValue {
            refusal = try consent == nil ? "the address has no consent" : "consent was withdrawn (event \(consent!["sequence"] as Int64))"
        }
        if let refusal {
            try db.execute(
                sql: "UPDATE deliveries SET status = 'cancelled', last_reply = ?, updated_at = ? WHERE id = ? AND status IN ('planned', 'deferred')",
                arguments: [refusal, instant, id])
            return db.changesCount == 1 ? .cancelled(reason: refusal) : .notWaiting(try currentStatus(id, in: db))
        }
        let sequence: Int64 = try consent!["sequence"]
        try db.execute(sql: """
            UPDATE deliveries SET status = 'sending', attempts = attempts + 1, consent_event = ?, updated_at = ?, claimed_by = ?
            WHERE id = ? AND status IN ('planned', 'deferred')
            """, arguments: [sequence, instant, claimedBy, id])
        return db.changesCount == 1 ? .claimed(consentEvent: sequence) : .notWaiting(try currentStatus(id, in: db))
    }

    /// The delivery's row for a claim, locked until the claim's transaction ends; nil when there is
    /// no such delivery or (PostgreSQL) another transaction holds a waiting delivery's row.
    private static func claimedRow(_ id: Int64, in db: any StoreConnection) throws -> StoreRow? {
        guard db.engine == .postgresql else {
            return try db.row(sql: "SELECT status, email, email_digest FROM deliveries WHERE id = ?", arguments: [id])
        }
        return try db.row(
            sql: """
                SELECT status, email, email_digest FROM deliveries
                WHERE id = ? AND status IN ('planned', 'deferred') FOR UPDATE SKIP LOCKED
                """, arguments: [id])
    }

    /// The status of a delivery another writer changed under a claim.
    private static func currentStatus(_ id: Int64, in db: any StoreConnection) throws -> LedgerStatus {
        try db.value(String.self, sql: "SELECT status FROM deliveries WHERE id = ?", arguments: [id]).flatMap(LedgerStatus.init(rawValue:))
            ?? .cancelled
    }

    /// Records what became of the attempt made after ``claim(_:now:)``. A hard bounce suppresses
    /// its address unless `breaker` holds it; returns what became of the suppression, if any.
    @discardableResult
    public func recordOutcome(
        _ id: Int64, _ outcome: LedgerOutcome, now: Date, recordedBy: String = "keepsake run",
        breaker: SuppressionBreaker = .standard
    ) throws -> SuppressionEffect? {
        try database.write { db in
            try Self.recordOutcome(id, outcome, now: StoredText.instant(now), recordedBy: recordedBy, breaker: breaker, in: db)
        }
    }

    /// ``recordOutcome(_:_:now:recordedBy:breaker:)`` inside a transaction that is already open.
    static func recordOutcome(
        _ id: Int64, _ outcome: LedgerOutcome, now instant: String, recordedBy: String, breaker: SuppressionBreaker,
        in db: any StoreConnection
    ) throws -> SuppressionEffect? {
        switch outcome {
        case .sent(let reply, let stage):
            try update(db, id, status: .sent, reply: reply, stage: stage, now: instant, extra: ", sent_at = ?", [instant])
            try endSuppressionStreak(in: db)
        case .deferred(let retryAt, let reply, let stage):
            try update(db, id, status: .deferred, reply: reply, stage: stage, now: instant,
                       extra: ", next_attempt_at = ?", [StoredText.instant(retryAt)])
        case .failed(let reply, let stage, let suppress):
            try update(db, id, status: .failed, reply: reply, stage: stage, now: instant)
            if suppress {
                return try suppressBounce(id, reply: reply, now: instant, recordedBy: recordedBy, breaker: breaker, in: db)
            }
        case .expired(let reply, let stage):
            try update(db, id, status: .expired, reply: reply, stage: stage, now: instant)
        case .inDoubt(let reply, let stage):
            try update(db, id, status: .inDoubt, reply: reply, stage: stage, now: instant)
        case .requeued(let reply, let stage):
            try update(db, id, status: .planned, reply: reply, stage: stage, now: instant,
                       extra: ", attempts = CASE WHEN attempts > 0 THEN attempts - 1 ELSE 0 END", [])
        }
        return nil
    }

    private static func update(
        _ db: any StoreConnection, _ id: Int64, status: LedgerStatus, reply: String, stage: String, now: String,
        extra: String = "", _ extraArguments: [(any StoreValueConvertible)?] = []
    ) throws {
        try db.execute(
            sql: "UPDATE deliveries SET status = ?, last_reply = ?, last_stage = ?, updated_at = ?\(extra) WHERE id = ?",
            arguments: StoreArguments([status.rawValue, reply, stage, now] + extraArguments + [id]))
    }

    /// After a crash or kill: deliveries left `sending` may have reached the relay. They become
    /// `in_doubt` (or, with `resend`, wait again: the shop prefers a possible duplicate). Returns them.
    public func recoverInterrupted(now: Date, resend: Bool) throws -> [LedgerDelivery] {
        try database.write(Self.recoveringInterrupted(now: now, resend: resend))
    }

    /// ``recoverInterrupted(now:resend:)``'s transaction.
    static func recoveringInterrupted(now: Date, resend: Bool) -> @Sendable (any StoreConnection) throws -> [LedgerDelivery] {
        let instant = StoredText.instant(now)
        return { db in
            let rows = try LedgerDelivery.fetchAll(db, sql: "SELECT * FROM deliveries WHERE status = 'sending' ORDER BY id")
            let note = "the daemon stopped while this message was with the relay; it may have been delivered"
            try db.execute(
                sql: """
                    UPDATE deliveries SET status = ?, last_reply = ?, updated_at = ?, next_attempt_at = ?
                    WHERE status = 'sending'
                    """, arguments: [resend ? "deferred" : "in_doubt", note, instant, instant])
            return rows
        }
    }

    /// One ledger row by id.
    public func delivery(id: Int64) throws -> LedgerDelivery? {
        try database.read { db in
            try db.row(sql: "SELECT * FROM deliveries WHERE id = ?", arguments: [id]).map(LedgerDelivery.init(row:))
        }
    }

    /// Ledger rows with a status, oldest first.
    public func deliveries(status: LedgerStatus, limit: Int = 1_000) throws -> [LedgerDelivery] {
        try deliveries(matching: DeliveryFilter(status: status), limit: limit)
    }

    /// Every ledger row of these customers, for the planner's history; read in chunks. Called
    /// while the planner reads (``readForPlanning(_:)``), it reads in the planner's transaction.
    public func deliveries(customerIDs: some Collection<String>) throws -> [LedgerDelivery] {
        let ids = Array(Set(customerIDs))
        return try database.reentrantRead { db in
            guard try db.value(Bool.self, sql: "SELECT EXISTS (SELECT 1 FROM deliveries)") ?? false else { return [] }
            var result: [LedgerDelivery] = []
            for start in stride(from: 0, to: ids.count, by: 500) {
                let chunk = Array(ids[start..<min(start + 500, ids.count)])
                let placeholders = Array(repeating: "?", count: chunk.count).joined(separator: ", ")
                result += try LedgerDelivery.fetchAll(
                    db, sql: "SELECT * FROM deliveries WHERE customer_id IN (\(placeholders))", arguments: StoreArguments(chunk))
            }
            return result
        }
    }
}
