import Foundation

/// The registry of the daemons sharing the store, and the planning lease one of them holds
/// (``DaemonRegistrySchema``). Engine-neutral SQL: the lease is one conditional upsert, atomic on
/// SQLite (one writer) and on PostgreSQL (the conflicting row is locked by the upsert).
extension KeepsakeStore {
    /// The name of the lease that lets one daemon plan the days.
    static let planningLease = "planning"

    /// Registers `daemon` or records its heartbeat: it counts as running until two ticks after
    /// `now`. Renews the planning lease too when it holds it, so a tick planning for longer than
    /// the lease (a million customers) does not lose it. Removes the daemons gone for more than
    /// ``forgottenAfter`` that hold nothing (no claim being sent, no lease), so the registry does
    /// not grow with every restart.
    public func recordHeartbeat(of daemon: DaemonIdentity, tick: Duration, now: Date) async throws {
        let instant = StoredText.instant(now)
        let goneAfter = StoredText.instant(now.addingTimeInterval(2 * tick.seconds))
        try await database.write { db in
            try db.execute(
                sql: """
                    INSERT INTO daemons (id, host, pid, started_at, heartbeat_at, gone_after) VALUES (?, ?, ?, ?, ?, ?)
                    ON CONFLICT (id) DO UPDATE SET heartbeat_at = excluded.heartbeat_at, gone_after = excluded.gone_after
                    """,
                arguments: [daemon.id, daemon.host, Int64(daemon.pid), StoredText.instant(daemon.startedAt), instant, goneAfter])
            try db.execute(
                sql: "UPDATE leases SET expires_at = ? WHERE name = ? AND holder = ?",
                arguments: [goneAfter, Self.planningLease, daemon.id])
            try db.execute(
                sql: """
                    DELETE FROM daemons WHERE gone_after < ? AND id <> ?
                    AND NOT EXISTS (SELECT 1 FROM deliveries WHERE status = 'sending' AND claimed_by = daemons.id)
                    AND NOT EXISTS (SELECT 1 FROM leases WHERE holder = daemons.id AND expires_at > ?)
                    """,
                arguments: [StoredText.instant(now.addingTimeInterval(-Self.forgottenAfter)), daemon.id, instant])
        }
    }

    /// How long a daemon gone (silent past its `gone_after`) and holding nothing stays in the registry.
    static let forgottenAfter: TimeInterval = 24 * 3_600

    /// Removes `daemon` from the registry and gives up its planning lease (a graceful stop): another
    /// daemon takes the lease at its next tick instead of two ticks later.
    public func deregister(_ daemon: DaemonIdentity) async throws {
        try await database.write { db in
            try db.execute(sql: "DELETE FROM leases WHERE name = ? AND holder = ?", arguments: [Self.planningLease, daemon.id])
            try db.execute(sql: "DELETE FROM daemons WHERE id = ?", arguments: [daemon.id])
        }
    }

    /// Takes or renews the planning lease for `daemon` until two ticks after `now`; true when it
    /// holds the lease now. It is taken when free, expired (its holder stopped renewing), or held
    /// by a daemon of this host whose process has ended (killed: no need to wait two ticks).
    public func takePlanningLease(for daemon: DaemonIdentity, tick: Duration, now: Date) async throws -> Bool {
        let instant = StoredText.instant(now)
        let expires = StoredText.instant(now.addingTimeInterval(2 * tick.seconds))
        return try await database.write { db in
            if try Self.upsertLease(db, holder: daemon.id, expires: expires, now: instant, ended: nil) { return true }
            // Held by someone else: take it over at once if the holder is a process of this host that ended.
            guard let holder = try db.row(
                sql: """
                    SELECT l.holder AS holder, r.host AS host, r.pid AS pid FROM leases l
                    LEFT JOIN daemons r ON r.id = l.holder WHERE l.name = ?
                    """, arguments: [Self.planningLease]),
                let host: String = try holder["host"], let pid: Int64 = try holder["pid"],
                DaemonIdentity.processEnded(host: host, pid: pid, onHost: daemon.host)
            else { return false }
            return try Self.upsertLease(db, holder: daemon.id, expires: expires, now: instant, ended: try holder["holder"])
        }
    }

    /// The conditional upsert: the lease changes hands only when free, expired, held by `holder`
    /// itself or by `ended`; true when `holder` holds it afterwards.
    private static func upsertLease(
        _ db: any StoreConnection, holder: String, expires: String, now: String, ended: String?
    ) throws -> Bool {
        try db.value(
            String.self,
            sql: """
                INSERT INTO leases (name, holder, expires_at) VALUES (?, ?, ?)
                ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
                WHERE leases.holder = excluded.holder OR leases.expires_at <= ? OR leases.holder = ?
                RETURNING holder
                """,
            arguments: [planningLease, holder, expires, now, ended ?? ""]) == holder
    }

    /// The daemons of the registry, by start, with what each holds at `now`.
    public func daemons(now: Date) throws -> [DaemonRecord] {
        let instant = StoredText.instant(now)
        return try database.read { db in
            let leaseHolder = try db.value(
                String.self, sql: "SELECT holder FROM leases WHERE name = ? AND expires_at > ?",
                arguments: [Self.planningLease, instant])
            var claimed: [String: Int] = [:]
            for row in try db.rows(sql: """
                SELECT claimed_by, COUNT(*) AS count FROM deliveries
                WHERE status = 'sending' AND claimed_by IS NOT NULL GROUP BY claimed_by
                """) {
                claimed[try row["claimed_by"]] = try row["count"]
            }
            return try db.rows(sql: "SELECT * FROM daemons ORDER BY started_at, id").map { row in
                let id: String = try row["id"]
                return DaemonRecord(
                    id: id, host: try row["host"], pid: try row["pid"],
                    startedAt: try Self.registryInstant(row, "started_at", id: id),
                    heartbeatAt: try Self.registryInstant(row, "heartbeat_at", id: id),
                    goneAfter: try Self.registryInstant(row, "gone_after", id: id),
                    holdsPlanningLease: leaseHolder == id, claimed: claimed[id] ?? 0)
            }
        }
    }

    private static func registryInstant(_ row: StoreRow, _ column: String, id: String) throws -> Date {
        let text: String = try row[column]
        guard let date = StoredText.date(text) else {
            throw StoreError.corrupt(table: "daemons", row: id, column: column, value: text, expected: "an instant")
        }
        return date
    }
}

extension Duration {
    /// The duration in seconds, with its fraction.
    var seconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}
