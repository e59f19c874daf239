/// Migration 9 in PostgreSQL (`OrderDetailsSchema` in SQLite): orders with their status, codes,
/// line items and attribution. The table is rebuilt and its rows copied as in SQLite, so both
/// engines keep the same column order (`SELECT *` reads the same row in each).
enum PostgresOrderDetailsSchema {
    static let statements = [
        """
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
        )
        """,
        """
        INSERT INTO orders_with_details
            SELECT order_id, customer_id, NULL, created_at,
                CASE length(created_at) WHEN 10 THEN created_at || 'T00:00:00.000Z'
                    WHEN 20 THEN substr(created_at, 1, 19) || '.000Z' ELSE created_at END,
                total, currency, 'counted', '', ''
            FROM orders
        """,
        "DROP TABLE orders",
        "ALTER TABLE orders_with_details RENAME TO orders",
        // The primary key's index keeps the name it had; rename it to the one a fresh table has.
        "ALTER INDEX orders_with_details_pkey RENAME TO orders_pkey",
        "CREATE INDEX orders_customer ON orders (customer_id, placed_at)",
        "CREATE INDEX orders_placed ON orders (placed_at)",
        "CREATE INDEX orders_guest_email ON orders (email) WHERE customer_id IS NULL",
        """
        CREATE TABLE order_discount_codes (
            order_id TEXT NOT NULL,
            position BIGINT NOT NULL,
            code TEXT NOT NULL,
            PRIMARY KEY (order_id, position)
        )
        """,
        "CREATE INDEX order_discount_codes_code ON order_discount_codes (code)",
        """
        CREATE TABLE order_line_items (
            order_id TEXT NOT NULL,
            position BIGINT NOT NULL,
            product TEXT,
            title TEXT,
            quantity BIGINT NOT NULL,
            price TEXT,
            PRIMARY KEY (order_id, position)
        )
        """,
        """
        CREATE TABLE order_attributions (
            order_id TEXT PRIMARY KEY NOT NULL,
            delivery_id BIGINT NOT NULL,
            campaign_id TEXT NOT NULL,
            segment TEXT NOT NULL,
            rule TEXT NOT NULL,
            coupon_code TEXT,
            sent_at TEXT NOT NULL,
            window_days BIGINT NOT NULL,
            attributed_at TEXT NOT NULL
        )
        """,
        "CREATE INDEX order_attributions_campaign ON order_attributions (campaign_id, segment)",
        "ALTER TABLE coupon_codes ADD COLUMN redeemed_order_id TEXT",
        "ALTER TABLE coupon_codes ADD COLUMN redeemed_at TEXT",
        "CREATE INDEX deliveries_customer_sent ON deliveries (customer_id, sent_at) WHERE status = 'sent'",
    ]
}
