import Crypto
import Foundation

/// The store's schema, one versioned migration at a time. Migrations are never edited once
/// released: a change to the schema is a new migration appended to the list.
enum StoreMigrations {
    /// Every migration, in order: what brings any earlier store up to the current schema.
    static let migrations: [StoreMigration] = [
        StoreMigration("1 customers, orders and the store secret", sqlite: customersSQLite, postgresql: StoreMigration.postgreSQL(translating: customersSQLite)) { db in
            try storeSecret(db)
        },
        StoreMigration("2 consent ledger and erased addresses", sqlite: consentLedgerSQLite, postgresql: consentLedgerPostgreSQL),
        StoreMigration("3 send ledger, suppressions and service state", sqlite: SendLedgerSchema.sqlite, postgresql: SendLedgerSchema.postgresql),
        StoreMigration("4 coupon codes", sqlite: CouponCodeSchema.sqlite, postgresql: StoreMigration.postgreSQL(translating: CouponCodeSchema.sqlite)),
        StoreMigration("5 pending suppressions", sqlite: pendingSuppressionsSQLite, postgresql: StoreMigration.postgreSQL(translating: pendingSuppressionsSQLite)),
        StoreMigration("6 planned days and plan changes", sqlite: PlanningSchema.sqlite, postgresql: PlanningSchema.postgresql),
        StoreMigration("7 inbound mail", sqlite: InboundSchema.sqlite, postgresql: StoreMigration.postgreSQL(translating: InboundSchema.sqlite)),
        StoreMigration("8 campaign pauses", sqlite: CampaignPauseSchema.sqlite, postgresql: StoreMigration.postgreSQL(translating: CampaignPauseSchema.sqlite)),
        StoreMigration("9 order details and attribution", sqlite: OrderDetailsSchema.sqlite, postgresql: OrderDetailsSchema.postgresql),
        StoreMigration("10 waiting deliveries by expiry", sqlite: SendLedgerSchema.expiryIndexSQLite, postgresql: SendLedgerSchema.expiryIndexPostgreSQL),
        StoreMigration("11 topics and preferences", sqlite: PreferenceSchema.sqlite, postgresql: PreferenceSchema.postgresql),
        StoreMigration(
            "12 daemon registry, planning lease and claims", sqlite: DaemonRegistrySchema.sqlite,
            postgresql: DaemonRegistrySchema.postgresql),
        StoreMigration("13 the report's orders, withdrawals and coupons by index", sqlite: ReportSchema.sql, postgresql: ReportSchema.sql),
        StoreMigration("14 shared send slots", sqlite: SendSlotSchema.sqlite, postgresql: SendSlotSchema.postgresql),
    ]

    /// Customers with the keys the planner finds a day's candidates by, their orders, and a meta
    /// table holding the per-store secret that keys the address digests.
    private static let customersSQLite = """
            CREATE TABLE meta (
                key TEXT PRIMARY KEY NOT NULL,
                value BLOB NOT NULL
            ) STRICT;
            CREATE TABLE customers (
                id TEXT PRIMARY KEY NOT NULL,
                email_normalized TEXT NOT NULL,
                email TEXT NOT NULL,
                first_name TEXT,
                last_name TEXT,
                locale TEXT,
                timezone TEXT,
                country TEXT,
                calendar TEXT NOT NULL,
                birthday TEXT,
                birthday_month_day INTEGER,
                first_order_at TEXT,
                first_order_local_date TEXT,
                first_order_month_day INTEGER,
                last_order_at TEXT,
                last_order_local_date TEXT,
                orders_count INTEGER NOT NULL,
                total_spent TEXT NOT NULL,
                currency TEXT,
                tags TEXT,
                attributes TEXT NOT NULL,
                created_at TEXT NOT NULL,
                updated_at TEXT NOT NULL
            ) STRICT;
            CREATE INDEX customers_birthday ON customers (calendar, birthday_month_day);
            CREATE INDEX customers_first_order ON customers (calendar, first_order_month_day);
            CREATE INDEX customers_last_order ON customers (last_order_local_date);
            CREATE INDEX customers_email ON customers (email_normalized);
            CREATE TABLE orders (
                order_id TEXT PRIMARY KEY NOT NULL,
                customer_id TEXT NOT NULL,
                created_at TEXT NOT NULL,
                total TEXT NOT NULL,
                currency TEXT
            ) STRICT;
            CREATE INDEX orders_customer ON orders (customer_id);
            """

    /// Stores a fresh random secret for the address digests.
    private static func storeSecret(_ db: any StoreConnection) throws {
        let secret = SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) }
        try db.execute(sql: "INSERT INTO meta (key, value) VALUES ('secret', ?)", arguments: [secret])
    }

    /// The append-only consent ledger and the digests of erased addresses. Triggers refuse any
    /// change except erasing the plain personal fields, so a mistaken UPDATE cannot rewrite history.
    private static let consentLedgerSQLite = """
            CREATE TABLE consent_events (
                sequence INTEGER PRIMARY KEY NOT NULL,
                customer_id TEXT,
                customer_digest TEXT,
                email TEXT,
                email_digest TEXT NOT NULL,
                status TEXT NOT NULL,
                occurred_at TEXT NOT NULL,
                source TEXT NOT NULL,
                ip TEXT,
                ip_digest TEXT,
                wording TEXT,
                reference TEXT,
                recorded_at TEXT NOT NULL,
                recorded_by TEXT NOT NULL,
                previous_hash TEXT NOT NULL,
                hash TEXT NOT NULL
            ) STRICT;
            CREATE INDEX consent_events_address ON consent_events (email_digest, sequence);
            CREATE TRIGGER consent_events_append_only_update
            BEFORE UPDATE OF sequence, customer_digest, email_digest, status, occurred_at, source, ip_digest,
                wording, reference, recorded_at, recorded_by, previous_hash, hash ON consent_events
            BEGIN
                SELECT RAISE(ABORT, 'consent events are append-only; only erasure may clear email, ip and customer_id');
            END;
            CREATE TRIGGER consent_events_append_only_delete
            BEFORE DELETE ON consent_events
            BEGIN
                SELECT RAISE(ABORT, 'consent events are append-only and cannot be deleted');
            END;
            CREATE TABLE erased_addresses (
                email_digest TEXT PRIMARY KEY NOT NULL,
                erased_at TEXT NOT NULL
            ) STRICT;
            """

    /// Suppressions the tripped breaker holds for the operator (``SuppressionBreaker``): one row per
    /// failed delivery, with its reply without the addresses (the address stays in the ledger row).
    private static let pendingSuppressionsSQLite = """
            CREATE TABLE pending_suppressions (
                delivery_id INTEGER PRIMARY KEY NOT NULL,
                pattern TEXT NOT NULL,
                held_at TEXT NOT NULL
            ) STRICT;
            """
}
