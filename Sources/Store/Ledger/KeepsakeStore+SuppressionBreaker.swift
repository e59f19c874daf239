import Foundation

/// The ``SuppressionBreaker`` in the store: the row of suppressing failures (service state
/// `suppression_streak`) and the suppressions held for the operator (`pending_suppressions`),
/// written in the transaction that records each outcome, so a kill never loses or doubles one.
extension KeepsakeStore {
    /// The service-state key of the current row.
    static let streakKey = "suppression_streak"

    /// Suppresses the recipient of delivery `id` after a hard bounce with `reply` — unless the
    /// breaker holds it: tripped already, or tripped by this failure (then the row's earlier
    /// suppressions leave the list and wait with it).
    static func suppressBounce(
        _ id: Int64, reply: String, now instant: String, recordedBy: String, breaker: SuppressionBreaker, in db: any StoreConnection
    ) throws -> SuppressionEffect {
        let pattern = SuppressionBreaker.pattern(of: reply)
        if try hasPendingSuppressions(db) {
            try hold([id], pattern: pattern, now: instant, in: db)
            return .held
        }
        var streak = try readState(SuppressionStreak.self, key: streakKey, db: db)
        if streak?.pattern != pattern { streak = SuppressionStreak(pattern: pattern, deliveries: []) }
        streak!.deliveries.append(id)
        if streak!.deliveries.count >= breaker.limit {
            let row = streak!.deliveries
            try hold(row, pattern: pattern, now: instant, in: db)
            // Only the entries this row added: an address suppressed before keeps its entry.
            let placeholders = Array(repeating: "?", count: row.count).joined(separator: ", ")
            try db.execute(
                sql: "DELETE FROM suppressions WHERE delivery_id IN (\(placeholders))", arguments: StoreArguments(row))
            try endSuppressionStreak(in: db)
            return .tripped(count: row.count, pattern: pattern)
        }
        try db.execute(
            sql: """
                INSERT INTO suppressions (email_digest, email, reason, reply, delivery_id, created_at, created_by)
                SELECT email_digest, email, 'hard bounce', ?, id, ?, ? FROM deliveries WHERE id = ? ON CONFLICT DO NOTHING
                """, arguments: [reply, instant, recordedBy, id])
        try writeState(streak!, key: streakKey, db: db)
        return .suppressed
    }

    /// Ends the row of suppressing failures (the relay accepted a message).
    static func endSuppressionStreak(in db: any StoreConnection) throws {
        try db.execute(sql: "DELETE FROM service_state WHERE key = ?", arguments: [streakKey])
    }

    private static func hold(_ ids: [Int64], pattern: String, now instant: String, in db: any StoreConnection) throws {
        for id in ids {
            try db.execute(
                sql: "INSERT INTO pending_suppressions (delivery_id, pattern, held_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                arguments: [id, pattern, instant])
        }
    }

    private static func hasPendingSuppressions(_ db: any StoreConnection) throws -> Bool {
        try db.value(Bool.self, sql: "SELECT EXISTS (SELECT 1 FROM pending_suppressions)") ?? false
    }

    /// The pause the tripped breaker holds while suppressions wait, if any wait.
    static func breakerPause(_ db: any StoreConnection) throws -> SendingPause? {
        guard let row = try db.row(sql: """
            SELECT COUNT(*) AS count, MIN(held_at) AS since,
                (SELECT pattern FROM pending_suppressions ORDER BY held_at, delivery_id LIMIT 1) AS pattern
            FROM pending_suppressions
            """), let count = try row["count"] as Int?, count > 0 else { return nil }
        let pattern: String = try row["pattern"]
        return SendingPause(
            cause: .suppressionBreaker,
            reason: "\(count) recipients in a row were refused with the same reply once their addresses are left out "
                + "(\"\(pattern)\"): more likely the relay than \(count) bad addresses. Their suppressions wait: check "
                + "the relay, then run keepsake suppression confirm (the addresses are bad) or keepsake suppression "
                + "undo (they are not: the deliveries wait again)",
            since: StoredText.date(try row["since"]) ?? Date(timeIntervalSince1970: 0))
    }

    /// The reply a held suppression is about: the relay's, or for a bounce that came back by
    /// mail (the relay had accepted the message) the returned report's Diagnostic-Code or Status.
    static let heldReply = """
        COALESCE((SELECT COALESCE(i.diagnostic_code, i.status) FROM inbound_messages i
            WHERE i.delivery_id = d.id AND i.failure = 'permanent' ORDER BY i.received_at DESC LIMIT 1), d.last_reply)
        """

    /// The suppressions the tripped breaker holds, oldest first.
    public func pendingSuppressions() throws -> [PendingSuppression] {
        try database.read { db in
            try db.rows(sql: """
                SELECT p.delivery_id, p.pattern, p.held_at, d.email, \(Self.heldReply) AS last_reply
                FROM pending_suppressions p LEFT JOIN deliveries d ON d.id = p.delivery_id
                ORDER BY p.held_at, p.delivery_id
                """).map { row in
                try PendingSuppression(
                    deliveryID: row["delivery_id"], email: row["email"], reply: row["last_reply"], pattern: row["pattern"],
                    heldAt: StoredText.date(row["held_at"]) ?? Date(timeIntervalSince1970: 0))
            }
        }
    }

    /// Makes the held suppressions real (the addresses are bad after all): each address goes on
    /// the suppression list as a hard bounce, and the breaker's pause ends. Returns how many.
    @discardableResult
    public func confirmPendingSuppressions(recordedBy: String) throws -> Int {
        try database.write { db in
            let count = try db.value(Int.self, sql: "SELECT COUNT(*) FROM pending_suppressions") ?? 0
            try db.execute(
                sql: """
                    INSERT INTO suppressions (email_digest, email, reason, reply, delivery_id, created_at, created_by)
                    SELECT d.email_digest, d.email, 'hard bounce', \(Self.heldReply), d.id, p.held_at, ?
                    FROM pending_suppressions p JOIN deliveries d ON d.id = p.delivery_id WHERE true
                    ORDER BY p.held_at, p.delivery_id ON CONFLICT DO NOTHING
                    """, arguments: [recordedBy])
            try db.execute(sql: "DELETE FROM pending_suppressions")
            return count
        }
    }

    /// Drops the held suppressions (the relay was wrong, not the addresses): their deliveries wait
    /// again from `now`, as if the refused attempt had not been made, and go out within their grace
    /// once sending resumes. Sending stays paused by `pause` (the relay needs fixing first).
    /// Returns the deliveries that wait again.
    @discardableResult
    public func undoPendingSuppressions(now: Date, pause: SendingPause) throws -> [Int64] {
        let instant = StoredText.instant(now)
        return try database.write { db in
            guard try Self.hasPendingSuppressions(db) else { return [] }
            let ids = try db.values(Int64.self, sql: """
                SELECT d.id FROM pending_suppressions p JOIN deliveries d ON d.id = p.delivery_id
                WHERE d.status = 'failed' ORDER BY d.id
                """)
            try db.execute(
                sql: """
                    UPDATE deliveries SET status = 'planned', attempts = CASE WHEN attempts > 0 THEN attempts - 1 ELSE 0 END, next_attempt_at = ?, updated_at = ?
                    WHERE status = 'failed' AND id IN (SELECT delivery_id FROM pending_suppressions)
                    """, arguments: [instant, instant])
            try db.execute(sql: "DELETE FROM pending_suppressions")
            if try Self.readState(SendingPause.self, key: "pause", db: db)?.cause != .operator {
                try Self.writeState(pause, key: "pause", db: db)
            }
            return ids
        }
    }
}
