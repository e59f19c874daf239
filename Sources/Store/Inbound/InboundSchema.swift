/// The tables of returned mail (migration `7 inbound mail`): one row per inbound message, keyed by
/// the SHA-256 digest of its bytes, with what it was, what it was tied to, its evidence and what
/// it did — written in the transaction of its effects, so the same message twice changes nothing
/// the second time.
enum InboundSchema {
    static let sqlite = """
            CREATE TABLE inbound_messages (
                digest TEXT PRIMARY KEY NOT NULL,
                received_at TEXT NOT NULL,
                source TEXT NOT NULL,
                source_key TEXT NOT NULL,
                size INTEGER NOT NULL,
                kind TEXT NOT NULL,
                outcome TEXT NOT NULL,
                delivery_id INTEGER,
                email TEXT,
                email_digest TEXT,
                failure TEXT,
                status TEXT,
                diagnostic_code TEXT,
                reporting_mta TEXT,
                feedback_type TEXT,
                reported_at TEXT,
                detail TEXT
            ) STRICT;
            CREATE INDEX inbound_messages_delivery ON inbound_messages (delivery_id);
            CREATE INDEX inbound_messages_failures ON inbound_messages (email_digest, failure, received_at);
            CREATE INDEX inbound_messages_outcome ON inbound_messages (outcome, received_at);
            CREATE INDEX deliveries_message_id ON deliveries (message_id);
            ALTER TABLE suppressions ADD COLUMN inbound_digest TEXT;
            """
}
