import Calendars
import Foundation

/// An order as the store holds it.
public struct StoredOrder: Hashable, Sendable {
    /// The shop's order id.
    public var orderID: String
    /// The stored customer it belongs to; nil for a guest order.
    public var customerID: String?
    /// A guest order's address, normalized; nil when the order has a customer.
    public var guestEmail: String?
    /// When it was placed, as the export gave it.
    public var createdAt: String
    /// When it was placed, as an instant.
    public var placedAt: Date
    /// Its total.
    public var total: Decimal
    /// Its currency code, if the export gave one.
    public var currency: String?
    /// Whether it counts.
    public var status: OrderStatus
    /// Its discount codes.
    public var discountCodes: [String]
    /// Its lines.
    public var lineItems: [OrderLineItem]

    init(row: StoreRow, db: any StoreConnection) throws {
        orderID = try row["order_id"]
        customerID = try row["customer_id"]
        guestEmail = try row["email"]
        createdAt = try row["created_at"]
        placedAt = StoredText.date(try row["placed_at"] as String) ?? Date(timeIntervalSince1970: 0)
        total = StoredText.decimal(try row["total"] as String) ?? 0
        currency = try row["currency"]
        status = OrderStatus(rawValue: try row["status"]) ?? .counted
        discountCodes = try db.values(
            String.self, sql: "SELECT code FROM order_discount_codes WHERE order_id = ? ORDER BY position", arguments: [orderID])
        lineItems = try db.rows(
            sql: "SELECT * FROM order_line_items WHERE order_id = ? ORDER BY position", arguments: [orderID]
        ).map { line in
            OrderLineItem(position: try line["position"], product: try line["product"], title: try line["title"],
                          quantity: try line["quantity"], price: (try line["price"] as String?).flatMap(StoredText.decimal))
        }
    }
}

/// The order that redeemed a Keepsake coupon code.
public struct CouponRedemption: Hashable, Sendable {
    /// The shop's order id.
    public var orderID: String
    /// When the order was placed (a stored instant, `2026-03-21T09:30:00.000Z`).
    public var placedAt: String
}

/// An order's attribution as recorded at import time.
public struct OrderAttribution: Hashable, Sendable {
    /// The delivery credited.
    public var deliveryID: Int64
    /// Its campaign and segment.
    public var campaignID: String
    public var segment: String
    /// The rule that credited it.
    public var rule: AttributionRule
    /// The coupon code, for the coupon rule.
    public var couponCode: String?
    /// When the delivery was sent.
    public var sentAt: Date
    /// The campaign's attribution window when the order was imported, in days.
    public var windowDays: Int
}

extension KeepsakeStore {
    /// One stored order, or nil.
    public func order(id orderID: String) throws -> StoredOrder? {
        try database.read { db in
            try db.row(sql: "SELECT * FROM orders WHERE order_id = ?", arguments: [orderID])
                .map { try StoredOrder(row: $0, db: db) }
        }
    }

    /// Guest orders (no stored customer had their customer id or address when imported), oldest first.
    public func unmatchedOrders(limit: Int = 10_000) throws -> [StoredOrder] {
        try database.read { db in
            try db.rows(
                sql: "SELECT * FROM orders WHERE customer_id IS NULL ORDER BY placed_at, order_id LIMIT ?",
                arguments: [limit]
            ).map { try StoredOrder(row: $0, db: db) }
        }
    }

    /// The redemptions of a campaign's codes, by code.
    public func couponRedemptions(campaignID: String) throws -> [String: CouponRedemption] {
        try database.read { db in
            var redemptions: [String: CouponRedemption] = [:]
            try db.forEachRow(sql: """
                SELECT code, redeemed_order_id, redeemed_at FROM coupon_codes
                WHERE campaign_id = ? AND redeemed_order_id IS NOT NULL
                """, arguments: [campaignID]) { row in
                redemptions[try row["code"]] = CouponRedemption(orderID: try row["redeemed_order_id"], placedAt: try row["redeemed_at"])
            }
            return redemptions
        }
    }

    /// An order's attribution, or nil when it has none.
    public func attribution(ofOrder orderID: String) throws -> OrderAttribution? {
        try database.read { db in
            try db.row(sql: "SELECT * FROM order_attributions WHERE order_id = ?", arguments: [orderID]).map {
                OrderAttribution(
                    deliveryID: try $0["delivery_id"], campaignID: try $0["campaign_id"], segment: try $0["segment"],
                    rule: AttributionRule(rawValue: try $0["rule"]) ?? .window, couponCode: try $0["coupon_code"],
                    sentAt: StoredText.date(try $0["sent_at"] as String) ?? Date(timeIntervalSince1970: 0),
                    windowDays: try $0["window_days"])
            }
        }
    }

    /// The latest Keepsake message sent to `customerID` at or before `instant`: its delivery id,
    /// campaign and when it was sent.
    public func latestSentDelivery(
        customerID: String, atOrBefore instant: Date
    ) throws -> (deliveryID: Int64, campaignID: String, sentAt: Date)? {
        try database.read { db in
            try db.row(sql: """
                SELECT id, campaign_id, sent_at FROM deliveries
                WHERE customer_id = ? AND status = 'sent' AND sent_at <= ? ORDER BY sent_at DESC, id DESC LIMIT 1
                """, arguments: [customerID, StoredText.instant(instant)]).map {
                (try $0["id"], try $0["campaign_id"], StoredText.date(try $0["sent_at"] as String) ?? Date(timeIntervalSince1970: 0))
            }
        }
    }
}
