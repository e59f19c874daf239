/// The tables that let several daemons share one store (migration 13).
///
/// `daemons` is the registry: one row per running `keepsake run`, written at its start and at
/// every heartbeat, deleted at a graceful stop. A row whose `gone_after` has passed belongs to a
/// daemon that stopped beating (killed, its host down): its claimed deliveries are settled as in
/// doubt by the daemons still running.
///
/// `leases` holds the planning lease: the one daemon that plans the days, until `expires_at`
/// unless it renews. It is taken and renewed by one conditional upsert, so two daemons never both
/// hold it.
///
/// `deliveries.claimed_by` names the daemon that claimed a delivery for sending, kept with its
/// outcome: an in-doubt delivery is attributed to the daemon that held it.
enum DaemonRegistrySchema {
    static let sqlite = """
        CREATE TABLE daemons (
            id TEXT PRIMARY KEY NOT NULL,
            host TEXT NOT NULL,
            pid INTEGER NOT NULL,
            started_at TEXT NOT NULL,
            heartbeat_at TEXT NOT NULL,
            gone_after TEXT NOT NULL
        ) STRICT;
        CREATE TABLE leases (
            name TEXT PRIMARY KEY NOT NULL,
            holder TEXT NOT NULL,
            expires_at TEXT NOT NULL
        ) STRICT;
        ALTER TABLE deliveries ADD COLUMN claimed_by TEXT;
        """

    static let postgresql = """
        CREATE TABLE daemons (
            id TEXT PRIMARY KEY NOT NULL,
            host TEXT NOT NULL,
            pid BIGINT NOT NULL,
            started_at TEXT NOT NULL,
            heartbeat_at TEXT NOT NULL,
            gone_after TEXT NOT NULL
        );
        CREATE TABLE leases (
            name TEXT PRIMARY KEY NOT NULL,
            holder TEXT NOT NULL,
            expires_at TEXT NOT NULL
        );
        ALTER TABLE deliveries ADD COLUMN claimed_by TEXT;
        """
}
