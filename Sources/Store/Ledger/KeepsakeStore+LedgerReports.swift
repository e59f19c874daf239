import Calendars
import Foundation

/// How an operator settles an in-doubt delivery.
public enum InDoubtResolution: String, Hashable, Sendable {
    /// The relay's logs show it was accepted: record it as sent.
    case sent
    /// It was not: send it again (within its grace).
    case resend
}

extension KeepsakeStore {
    /// Settles an in-doubt delivery (`keepsake deliveries resolve ID --sent|--resend`).
    ///
    /// - Throws: `StoreError` `invalidArgument` when the delivery does not exist or is not in doubt.
    public func resolveInDoubt(_ id: Int64, as resolution: InDoubtResolution, by operatorName: String, now: Date = Date()) throws
        -> LedgerDelivery {
        try database.write { db in
            guard let row = try db.row(sql: "SELECT * FROM deliveries WHERE id = ?", arguments: [id]) else {
                throw StoreError(.invalidArgument, "the send ledger has no delivery \(id); keepsake status lists the in-doubt ones")
            }
            let delivery = try LedgerDelivery(row: row)
            guard delivery.status == .inDoubt else {
                throw StoreError(
                    .invalidArgument,
                    "delivery \(id) is \(delivery.status.rawValue), not in_doubt; only in-doubt deliveries are resolved by hand")
            }
            try settle(db, "id = ?", [id], as: resolution, by: operatorName, now: now)
            return try LedgerDelivery(row: try db.row(sql: "SELECT * FROM deliveries WHERE id = ?", arguments: [id])!)
        }
    }

    /// Settles, in one transaction, every delivery that became in doubt before `before`
    /// (`keepsake deliveries resolve --before INSTANT --sent|--resend --yes`). Returns how many.
    public func resolveInDoubt(before: Date, as resolution: InDoubtResolution, by operatorName: String, now: Date = Date()) throws
        -> Int {
        try database.write { db in
            try settle(db, "status = 'in_doubt' AND updated_at < ?", [StoredText.instant(before)],
                       as: resolution, by: operatorName, now: now)
        }
    }

    /// Records the operator's verdict on the in-doubt rows `condition` selects; returns how many changed.
    private func settle(
        _ db: any StoreConnection, _ condition: String, _ arguments: StoreArguments, as resolution: InDoubtResolution,
        by operatorName: String, now: Date
    ) throws -> Int {
        let instant = StoredText.instant(now)
        let note = "resolved by \(operatorName) as \(resolution.rawValue)"
        switch resolution {
        case .sent:
            try db.execute(
                sql: "UPDATE deliveries SET status = 'sent', sent_at = ?, last_reply = ?, updated_at = ? WHERE \(condition)",
                arguments: [instant, note, instant] + arguments)
        case .resend:
            try db.execute(
                sql: """
                    UPDATE deliveries SET status = 'deferred', next_attempt_at = ?1, last_reply = ?2, updated_at = ?3,
                    expires_at = CASE WHEN expires_at > ?4 THEN expires_at ELSE ?4 END WHERE \(condition)
                    """, arguments: [instant, note, instant, StoredText.instant(now.addingTimeInterval(86_400))] + arguments)
        }
        return db.changesCount
    }

    /// Ledger counts for the customers' local days in `days`, by campaign and status.
    public func ledgerCounts(days: ClosedRange<LocalDate>) throws -> [String: [LedgerStatus: Int]] {
        try database.read { db in
            var counts: [String: [LedgerStatus: Int]] = [:]
            let rows = try db.rows(sql: """
                    SELECT campaign_id, status, COUNT(*) AS count FROM deliveries WHERE day BETWEEN ? AND ?
                    GROUP BY campaign_id, status
                    """, arguments: [days.lowerBound.description, days.upperBound.description])
            for row in rows {
                guard let status = LedgerStatus(rawValue: try row["status"]) else { continue }
                counts[try row["campaign_id"], default: [:]][status] = try row["count"] as Int
            }
            return counts
        }
    }

    /// The waiting deliveries that go next, earliest first (those due; not a plan's rows ahead of their send instant).
    public func nextWaitingDeliveries(limit: Int) throws -> [LedgerDelivery] {
        try database.read { db in
            try db.rows(sql: """
                    SELECT * FROM deliveries WHERE status IN ('planned', 'deferred') AND due_at IS NOT NULL
                    ORDER BY next_attempt_at, id LIMIT ?
                    """, arguments: [limit]
            ).map(LedgerDelivery.init(row:))
        }
    }

    /// Copies the whole store, consistently and while the daemon runs, into a new SQLite file
    /// (`keepsake backup FILE`): the consent and send ledgers are evidence.
    ///
    /// - Throws: `StoreError` `invalidArgument` when `path` exists, `cannotOpen` when it cannot be written.
    public func backup(to path: String) throws {
        guard !FileManager.default.fileExists(atPath: path) else {
            throw StoreError(.invalidArgument, "\(path) already exists; a backup never overwrites a file, choose a new name")
        }
        do {
            try database.backup(toPath: path)
        } catch {
            try? FileManager.default.removeItem(atPath: path)
            throw StoreError(.cannotOpen, "cannot write the backup to \(path): \(error)")
        }
    }
}
