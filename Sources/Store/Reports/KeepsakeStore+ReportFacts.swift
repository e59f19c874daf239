import Calendars
import Foundation
import GRDB

/// One ledger row as the report reads it: its campaign, segment, group and what came back.
public struct ReportDelivery: Hashable, Sendable {
    public var campaignID: String
    public var segment: String
    /// Nil once the customer was forgotten.
    public var customerID: String?
    public var status: LedgerStatus
    /// When it was due: the send instant for a mailed one, the instant it would have gone for a held-out one.
    public var dueAt: Date
    /// When the relay accepted it (sent ones).
    public var sentAt: Date?
    /// Refused for good: by the relay (`failed`), or by a returned message whose failure is permanent.
    public var bounced: Bool
    /// A returned message tied to it reported a complaint.
    public var complained: Bool
}

/// One order as the report reads it.
public struct ReportOrder: Hashable, Sendable {
    public var customerID: String
    /// When it was placed; an order written with a date only counts from that day's midnight UTC.
    public var placedAt: Date
    public var total: Decimal
    public var currency: String?
}

/// What the report reads about one customer, all of it at once: counted orders, the period's
/// ledger rows and consent withdrawals.
public struct ReportCustomer: Hashable, Sendable {
    /// Nil for ledger rows whose customer was forgotten: they come first, in batches, with no
    /// orders and no withdrawals.
    public var customerID: String?
    /// The customer's counted orders (refunded and cancelled ones count nowhere), by time.
    public var orders: [ReportOrder] = []
    /// The customer's ledger rows whose local day is in the period, by id.
    public var deliveries: [ReportDelivery] = []
    /// When the customer withdrew consent (`opted_out` events), by time; read only for a
    /// customer with ledger rows in the period.
    public var optOuts: [Date] = []
}

extension KeepsakeStore {
    /// Every customer with a counted order or a ledger row whose local day is in `days`, one at a
    /// time by customer id, in one read: the orders, the ledger rows and the withdrawals are each
    /// read once, in customer-id order, and merged, so no more than one customer's rows are held
    /// at a time (the report over millions of orders stays within a few megabytes). Guest orders
    /// (no stored customer) have no customer to follow over time and are left out.
    public func reportCustomers(
        days: ClosedRange<LocalDate>, forgottenBatchSize: Int = 10_000, _ body: (ReportCustomer) throws -> Void
    ) throws {
        try pool.read { db in
            var deliveries = try CustomerOrderedRows(db: db, sql: """
                SELECT d.campaign_id, d.segment, d.customer_id, d.status, d.send_at, d.sent_at,
                    EXISTS (SELECT 1 FROM inbound_messages i WHERE i.delivery_id = d.id AND i.failure = 'permanent') AS returned,
                    EXISTS (SELECT 1 FROM inbound_messages i WHERE i.delivery_id = d.id AND i.failure = 'complaint') AS complained
                FROM deliveries d WHERE d.day BETWEEN ? AND ? ORDER BY d.customer_id, d.id
                """, arguments: [days.lowerBound.description, days.upperBound.description], decode: Self.reportDelivery)
            var orders = try CustomerOrderedRows(db: db, sql: """
                SELECT customer_id, created_at, total, currency FROM orders
                WHERE status = 'counted' AND customer_id IS NOT NULL ORDER BY customer_id
                """, decode: Self.reportOrder)
            var optOuts = try CustomerOrderedRows(db: db, sql: """
                SELECT customer_id, occurred_at FROM consent_events
                WHERE status = 'opted_out' AND customer_id IS NOT NULL ORDER BY customer_id
                """, decode: Self.reportOptOut)
            // NULL sorts first: the ledger rows of forgotten customers.
            var forgotten = ReportCustomer(customerID: nil)
            while let delivery = deliveries.head, delivery.customerID == nil {
                forgotten.deliveries.append(delivery)
                try deliveries.advance()
                if forgotten.deliveries.count >= forgottenBatchSize {
                    try body(forgotten)
                    forgotten.deliveries.removeAll(keepingCapacity: true)
                }
            }
            if !forgotten.deliveries.isEmpty { try body(forgotten) }
            while let customerID = CustomerOrder.first(deliveries.headCustomer, orders.headCustomer) {
                var customer = ReportCustomer(customerID: customerID)
                customer.orders = try orders.take(customerID)
                customer.orders.sort { $0.placedAt < $1.placedAt }
                customer.deliveries = try deliveries.take(customerID)
                if !customer.deliveries.isEmpty {
                    customer.optOuts = try optOuts.take(customerID).sorted()
                }
                try body(customer)
            }
        }
    }

    private static func reportDelivery(_ row: Row) throws -> (String?, ReportDelivery?) {
        let statusText: String = row[3]
        guard let status = LedgerStatus(rawValue: statusText), let dueAt = StoredText.date(row[4]) else {
            throw StoreError.corrupt(
                table: "deliveries", row: "campaign \(row[0] as String)", column: "status or send_at",
                value: statusText, expected: "a ledger status and a UTC instant")
        }
        let returned: Bool = row[6]
        let customerID: String? = row[2]
        return (customerID, ReportDelivery(
            campaignID: row[0], segment: row[1], customerID: customerID, status: status, dueAt: dueAt,
            sentAt: (row[5] as String?).flatMap(StoredText.date), bounced: status == .failed || returned,
            complained: row[7]))
    }

    private static func reportOrder(_ row: Row) throws -> (String?, ReportOrder?) {
        let customerID: String = row[0]
        let createdText: String = row[1]
        let totalText: String = row[2]
        guard let placed = try? PointInTime(parsing: createdText), let total = StoredText.decimal(totalText) else {
            throw StoreError.corrupt(
                table: "orders", row: "customer \(customerID)", column: "created_at or total",
                value: createdText + " " + totalText, expected: "an ISO 8601 time and a decimal total")
        }
        return (customerID, ReportOrder(customerID: customerID, placedAt: placed.startInstant(in: utc), total: total, currency: row[3]))
    }

    /// A withdrawal whose time cannot be read is left out, as one that never happened.
    private static func reportOptOut(_ row: Row) throws -> (String?, Date?) {
        let customerID: String? = row[0]
        let text: String = row[1]
        let moment = StoredText.date(text) ?? (try? PointInTime(parsing: text))?.startInstant(in: utc)
        return (customerID, moment)
    }

    private static let utc = TimeZone(identifier: "UTC")!
}
