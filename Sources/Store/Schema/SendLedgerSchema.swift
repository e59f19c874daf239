/// The daemon's tables: the send ledger (one row per delivery, from intent to outcome), the
/// suppression list (addresses never written to again) and the service state (pause, last tick).
enum SendLedgerSchema {
    static let sqlite = """
            CREATE TABLE deliveries (
                id INTEGER PRIMARY KEY NOT NULL,
                campaign_id TEXT NOT NULL,
                customer_id TEXT,
                occurrence_date TEXT NOT NULL,
                day TEXT NOT NULL,
                email TEXT,
                email_digest TEXT NOT NULL,
                segment TEXT NOT NULL,
                template TEXT NOT NULL,
                locale TEXT NOT NULL,
                time_zone TEXT NOT NULL,
                years INTEGER,
                send_at TEXT NOT NULL,
                expires_at TEXT NOT NULL,
                message_id TEXT NOT NULL,
                status TEXT NOT NULL,
                attempts INTEGER NOT NULL DEFAULT 0,
                next_attempt_at TEXT NOT NULL,
                last_reply TEXT,
                last_stage TEXT,
                consent_event INTEGER,
                dropped_by TEXT,
                planned_at TEXT NOT NULL,
                updated_at TEXT NOT NULL,
                sent_at TEXT
            ) STRICT;
            CREATE UNIQUE INDEX deliveries_occurrence ON deliveries (campaign_id, customer_id, occurrence_date);
            CREATE INDEX deliveries_customer_day ON deliveries (customer_id, day);
            CREATE INDEX deliveries_waiting ON deliveries (next_attempt_at) WHERE status IN ('planned', 'deferred');
            CREATE INDEX deliveries_status ON deliveries (status, day);
            CREATE INDEX deliveries_address ON deliveries (email_digest);
            CREATE TABLE suppressions (
                email_digest TEXT PRIMARY KEY NOT NULL,
                email TEXT,
                reason TEXT NOT NULL,
                reply TEXT,
                delivery_id INTEGER,
                created_at TEXT NOT NULL,
                created_by TEXT NOT NULL
            ) STRICT;
            CREATE TABLE service_state (
                key TEXT PRIMARY KEY NOT NULL,
                value TEXT NOT NULL,
                updated_at TEXT NOT NULL
            ) STRICT;
            """

    /// The waiting deliveries by the end of their grace: a tick finds what expired with one index
    /// search instead of reading every waiting row.
    static let expiryIndexSQLite = """
            CREATE INDEX deliveries_expiring ON deliveries (expires_at) WHERE status IN ('planned', 'deferred');
            """
}
