/// What the report reads fast (migration 13).
///
/// `orders_counted_by_customer` holds every column the report reads of a counted order, in
/// customer order, so its read of millions of orders is one scan of this index, without looking
/// each row up in the table (issue 18: that look-up and its page reads were a fifth of the report's
/// time over 5,000,000 orders). `status` is a column too, although every entry holds `counted`:
/// SQLite (3.40) reads the table for a column the query names that the index lacks, even one its
/// condition fixes.
///
/// `consent_events_withdrawals` finds a customer's withdrawals (`opted_out` events) among the
/// consent ledger's, for the customers the period's ledger rows name, without reading the ledger.
///
/// `coupon_codes_redeemed_order` finds the codes an order redeemed, which an import clears when the
/// order turns out refunded or cancelled: without it, each such order read the whole `coupon_codes` table.
///
/// Both engines take partial, multi-column indexes in the same words.
enum ReportSchema {
    static let sql = """
        CREATE INDEX orders_counted_by_customer ON orders (customer_id, created_at, total, currency, status)
            WHERE status = 'counted';
        CREATE INDEX consent_events_withdrawals ON consent_events (customer_id, occurred_at, status)
            WHERE status = 'opted_out';
        CREATE INDEX coupon_codes_redeemed_order ON coupon_codes (redeemed_order_id)
            WHERE redeemed_order_id IS NOT NULL;
        """
}
