/// Coupon codes, unique in the whole store: one row per code given to a campaign occurrence for a
/// customer, written the first time the code is needed (the delivery is recorded in the send
/// ledger, or `keepsake coupons export` lists it) and never changed, so the code a shop imported
/// is the code the message carries. The send ledger keeps a copy of its delivery's code.
enum CouponCodeSchema {
    static let sqlite = """
            CREATE TABLE coupon_codes (
                code TEXT PRIMARY KEY NOT NULL,
                campaign_id TEXT NOT NULL,
                customer_id TEXT,
                occurrence_date TEXT NOT NULL,
                candidate INTEGER NOT NULL,
                reserved_at TEXT NOT NULL,
                reserved_by TEXT NOT NULL
            ) STRICT;
            CREATE UNIQUE INDEX coupon_codes_occurrence ON coupon_codes (campaign_id, customer_id, occurrence_date);
            ALTER TABLE deliveries ADD COLUMN coupon_code TEXT;
            CREATE UNIQUE INDEX deliveries_coupon_code ON deliveries (coupon_code) WHERE coupon_code IS NOT NULL;
            CREATE INDEX deliveries_campaign_day ON deliveries (campaign_id, day);
            """
}
