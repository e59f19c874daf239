import Foundation

/// Credits a counted order, in the import's transaction: its Keepsake coupon codes are redeemed
/// (each once, by the first counted order that uses it) and the order is attributed once — to the
/// sent (or in-doubt) delivery whose code it redeemed, else to the latest Keepsake message sent to its customer
/// within that message's campaign's attribution window (a message sent exactly the window before
/// the order still counts; one sent after the order does not).
///
/// Attributions are written at import time with the window then in force, kept in
/// `order_attributions` with that window, and not recomputed when a window changes later: a
/// report over past orders stays what it was. An order whose status changes (refunded, counted
/// again) loses or gets its attribution then.
struct OrderAttributionWriter {
    let db: any StoreConnection
    /// The session's moment, as stored text.
    let now: String

    func credit(
        orderID: String, customerID: String?, placed: Date, windows: AttributionWindows, effects: inout OrderEffects
    ) throws {
        let codes = try db.values(
            String.self, sql: "SELECT code FROM order_discount_codes WHERE order_id = ? ORDER BY position", arguments: [orderID])
        var redeemed: [String] = []
        for code in codes {
            guard let row = try db.row(sql: "SELECT redeemed_order_id FROM coupon_codes WHERE code = ?", arguments: [code]) else {
                effects.shopCodes += 1
                continue
            }
            if let other = try row["redeemed_order_id"] as String?, other != orderID {
                effects.codesRedeemedBefore += 1
                continue
            }
            try db.execute(
                sql: "UPDATE coupon_codes SET redeemed_order_id = ?, redeemed_at = ? WHERE code = ? AND redeemed_order_id IS NULL",
                arguments: [orderID, StoredText.instant(placed), code])
            effects.codesRedeemed += 1
            redeemed.append(code)
        }
        // A delivery in doubt (the relay may have accepted it) reached the customer if its code was
        // used: its last attempt stands for when it was sent.
        for code in redeemed {
            if let delivery = try db.row(sql: """
                SELECT id, campaign_id, segment, coalesce(sent_at, updated_at) AS sent_at FROM deliveries
                WHERE coupon_code = ? AND status IN ('sent', 'in_doubt')
                """, arguments: [code]) {
                let campaignID: String = try delivery["campaign_id"]
                try attribute(orderID, to: delivery, rule: .coupon, code: code, windowDays: windows.days(for: campaignID))
                effects.attribution = .coupon
                return
            }
        }
        guard let customerID else { return }
        let earliest = placed.addingTimeInterval(-Double(windows.longestDays) * 86_400)
        // The window's deliveries, latest first: few per customer, read whole.
        let rows = try db.rows(sql: """
            SELECT id, campaign_id, segment, sent_at FROM deliveries
            WHERE customer_id = ? AND status = 'sent' AND sent_at >= ? AND sent_at <= ?
            ORDER BY sent_at DESC, id DESC
            """, arguments: [customerID, StoredText.instant(earliest), StoredText.instant(placed)])
        for delivery in rows {
            let campaignID: String = try delivery["campaign_id"]
            let days = windows.days(for: campaignID)
            guard let sent = StoredText.date(try delivery["sent_at"]),
                  placed.timeIntervalSince(sent) <= Double(days) * 86_400 else { continue }
            try attribute(orderID, to: delivery, rule: .window, code: nil, windowDays: days)
            effects.attribution = .window
            return
        }
    }

    /// Takes back a refunded or cancelled order's redemptions and attribution.
    func withdraw(orderID: String) throws {
        try db.execute(sql: "UPDATE coupon_codes SET redeemed_order_id = NULL, redeemed_at = NULL WHERE redeemed_order_id = ?",
                       arguments: [orderID])
        try db.execute(sql: "DELETE FROM order_attributions WHERE order_id = ?", arguments: [orderID])
    }

    /// How many of an order's codes Keepsake never issued.
    func shopCodeCount(orderID: String) throws -> Int {
        try db.value(Int.self, sql: """
            SELECT count(*) FROM order_discount_codes
            WHERE order_id = ? AND code NOT IN (SELECT code FROM coupon_codes)
            """, arguments: [orderID]) ?? 0
    }

    private func attribute(_ orderID: String, to delivery: StoreRow, rule: AttributionRule, code: String?, windowDays: Int) throws {
        try db.execute(sql: """
            INSERT INTO order_attributions
                (order_id, delivery_id, campaign_id, segment, rule, coupon_code, sent_at, window_days, attributed_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (order_id) DO UPDATE SET delivery_id = excluded.delivery_id, campaign_id = excluded.campaign_id,
                segment = excluded.segment, rule = excluded.rule, coupon_code = excluded.coupon_code,
                sent_at = excluded.sent_at, window_days = excluded.window_days, attributed_at = excluded.attributed_at
            """, arguments: [
            orderID, try delivery["id"] as Int64, try delivery["campaign_id"] as String, try delivery["segment"] as String,
            rule.rawValue, code, try delivery["sent_at"] as String, windowDays, now,
        ])
    }
}
