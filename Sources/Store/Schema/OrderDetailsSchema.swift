/// Orders that can be attributed (migration 9): an order keeps its status, its discount codes and
/// its line items, and may belong to no stored customer (a guest checkout, kept with its
/// address); each counted order is credited to at most one delivery (`order_attributions`); a
/// Keepsake coupon code remembers the order that redeemed it.
///
/// SQLite cannot drop `NOT NULL` from `orders.customer_id`, so the table is rebuilt and its rows
/// copied: every order imported before counts (they were all added to their customers). An
/// order's `placed_at` is its moment as a stored instant (a date-only order: the start of the day,
/// in its customer's time zone when imported, in UTC for the rows copied here).
enum OrderDetailsSchema {
    static let sqlite = """
            CREATE TABLE orders_with_details (
                order_id TEXT PRIMARY KEY NOT NULL,
                customer_id TEXT,
                email TEXT,
                created_at TEXT NOT NULL,
                placed_at TEXT NOT NULL,
                total TEXT NOT NULL,
                currency TEXT,
                status TEXT NOT NULL,
                imported_at TEXT NOT NULL,
                updated_at TEXT NOT NULL
            ) STRICT;
            INSERT INTO orders_with_details
                SELECT order_id, customer_id, NULL, created_at,
                    CASE length(created_at) WHEN 10 THEN created_at || 'T00:00:00.000Z'
                        WHEN 20 THEN substr(created_at, 1, 19) || '.000Z' ELSE created_at END,
                    total, currency, 'counted', '', ''
                FROM orders;
            DROP TABLE orders;
            ALTER TABLE orders_with_details RENAME TO orders;
            CREATE INDEX orders_customer ON orders (customer_id, placed_at);
            CREATE INDEX orders_placed ON orders (placed_at);
            CREATE INDEX orders_guest_email ON orders (email) WHERE customer_id IS NULL;
            CREATE TABLE order_discount_codes (
                order_id TEXT NOT NULL,
                position INTEGER NOT NULL,
                code TEXT NOT NULL,
                PRIMARY KEY (order_id, position)
            ) STRICT;
            CREATE INDEX order_discount_codes_code ON order_discount_codes (code);
            CREATE TABLE order_line_items (
                order_id TEXT NOT NULL,
                position INTEGER NOT NULL,
                product TEXT,
                title TEXT,
                quantity INTEGER NOT NULL,
                price TEXT,
                PRIMARY KEY (order_id, position)
            ) STRICT;
            CREATE TABLE order_attributions (
                order_id TEXT PRIMARY KEY NOT NULL,
                delivery_id INTEGER NOT NULL,
                campaign_id TEXT NOT NULL,
                segment TEXT NOT NULL,
                rule TEXT NOT NULL,
                coupon_code TEXT,
                sent_at TEXT NOT NULL,
                window_days INTEGER NOT NULL,
                attributed_at TEXT NOT NULL
            ) STRICT;
            CREATE INDEX order_attributions_campaign ON order_attributions (campaign_id, segment);
            ALTER TABLE coupon_codes ADD COLUMN redeemed_order_id TEXT;
            ALTER TABLE coupon_codes ADD COLUMN redeemed_at TEXT;
            CREATE INDEX deliveries_customer_sent ON deliveries (customer_id, sent_at) WHERE status = 'sent';
            """

    /// ``sqlite`` in PostgreSQL, where the primary key's index keeps the name it had when the table
    /// is renamed: it gets the one a fresh table's has. Both engines keep the same column order
    /// (`SELECT *` reads the same row in each).
    static let postgresql = StoreMigration.postgreSQL(translating: sqlite).replacing(
        "ALTER TABLE orders_with_details RENAME TO orders;",
        with: "ALTER TABLE orders_with_details RENAME TO orders;\nALTER INDEX orders_with_details_pkey RENAME TO orders_pkey;")
}
