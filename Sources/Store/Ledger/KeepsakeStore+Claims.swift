import Foundation

/// Deliveries claimed by daemons that are no longer there: settled by the daemons still running.
extension KeepsakeStore {
    /// Whose `sending` deliveries ``settleAbandonedClaims(by:now:resend:atStart:)`` settles.
    ///
    /// Every tick: those of daemons gone from the registry (deregistered or never registered), whose
    /// heartbeat is older than two ticks (unless `judgingByHeartbeat` is false: just after `daemon`
    /// itself could not reach the store, when the others' silence may be the same outage's), or
    /// whose process on this host has ended. At a start (`atStart`), also those `daemon` itself left
    /// (the same process identity, in tests) and those claimed before claims named their daemon.
    public func settleAbandonedClaims(
        by daemon: DaemonIdentity, now: Date, resend: Bool, atStart: Bool, judgingByHeartbeat: Bool = true
    ) async throws -> [LedgerDelivery] {
        let instant = StoredText.instant(now)
        return try await database.write { db in
            var abandoned: [String?] = []
            for row in try db.rows(sql: """
                SELECT DISTINCT d.claimed_by AS claimant, r.host AS host, r.pid AS pid, r.gone_after AS gone_after
                FROM deliveries d LEFT JOIN daemons r ON r.id = d.claimed_by
                WHERE d.status = 'sending' ORDER BY claimant
                """) {
                guard let claimant: String = try row["claimant"] else {
                    if atStart { abandoned.append(nil) }
                    continue
                }
                if claimant == daemon.id {
                    if atStart { abandoned.append(claimant) }
                    continue
                }
                guard let goneAfter: String = try row["gone_after"], let host: String = try row["host"],
                      let pid: Int64 = try row["pid"]
                else {
                    abandoned.append(claimant)
                    continue
                }
                if (judgingByHeartbeat && goneAfter <= instant) || DaemonIdentity.processEnded(host: host, pid: pid, onHost: daemon.host) {
                    abandoned.append(claimant)
                }
            }
            var settled: [LedgerDelivery] = []
            for claimant in abandoned {
                let condition = claimant == nil ? "claimed_by IS NULL" : "claimed_by = ?"
                let arguments: [(any StoreValueConvertible)?] = claimant.map { [$0] } ?? []
                settled += try LedgerDelivery.fetchAll(
                    db, sql: "SELECT * FROM deliveries WHERE status = 'sending' AND \(condition) ORDER BY id",
                    arguments: StoreArguments(arguments))
                let note = claimant.map {
                    "the daemon \($0) that held this message stopped (killed, or its host is down) while it was "
                        + "with the relay; it may have been delivered"
                } ?? "the daemon stopped while this message was with the relay; it may have been delivered"
                try db.execute(
                    sql: """
                        UPDATE deliveries SET status = ?, last_reply = ?, updated_at = ?, next_attempt_at = ?
                        WHERE status = 'sending' AND \(condition)
                        """,
                    arguments: StoreArguments([resend ? "deferred" : "in_doubt", note, instant, instant] + arguments))
            }
            return settled.sorted { $0.id < $1.id }
        }
    }

    /// Puts back the deliveries `daemon` claimed but never handed to the relay: claims whose commit
    /// went unanswered while the store stopped answering (the server may have committed them). The
    /// daemon is still running and has written every outcome it had, so a `sending` row it holds
    /// now never left: it waits again (`deferred`, due now), its attempt not counted. Returns them.
    public func releaseUnsentClaims(of daemon: DaemonIdentity, now: Date) async throws -> [LedgerDelivery] {
        let instant = StoredText.instant(now)
        return try await database.write { db in
            let released = try LedgerDelivery.fetchAll(
                db, sql: "SELECT * FROM deliveries WHERE status = 'sending' AND claimed_by = ? ORDER BY id", arguments: [daemon.id])
            try db.execute(
                sql: """
                    UPDATE deliveries SET status = 'deferred', attempts = attempts - 1, next_attempt_at = ?, updated_at = ?,
                    last_reply = 'claimed while the store stopped answering, never sent; waiting again'
                    WHERE status = 'sending' AND claimed_by = ?
                    """,
                arguments: [instant, instant, daemon.id])
            return released
        }
    }
}
