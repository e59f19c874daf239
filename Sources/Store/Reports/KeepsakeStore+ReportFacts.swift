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

extension KeepsakeStore {
    /// Every ledger row whose local day is in `days`, handed over in batches of up to `batchSize`.
    public func reportDeliveries(days: ClosedRange<LocalDate>, batchSize: Int = 10_000, _ body: ([ReportDelivery]) throws -> Void) throws {
        try pool.read { db in
            let rows = try Row.fetchCursor(db, sql: """
                SELECT d.campaign_id, d.segment, d.customer_id, d.status, d.send_at, d.sent_at,
                    EXISTS (SELECT 1 FROM inbound_messages i WHERE i.delivery_id = d.id AND i.failure = 'permanent') AS returned,
                    EXISTS (SELECT 1 FROM inbound_messages i WHERE i.delivery_id = d.id AND i.failure = 'complaint') AS complained
                FROM deliveries d WHERE d.day BETWEEN ? AND ? ORDER BY d.id
                """, arguments: [days.lowerBound.description, days.upperBound.description])
            var batch: [ReportDelivery] = []
            while let row = try rows.next() {
                let statusText: String = row[3]
                guard let status = LedgerStatus(rawValue: statusText), let dueAt = StoredText.date(row[4]) else {
                    throw StoreError.corrupt(
                        table: "deliveries", row: "campaign \(row[0] as String)", column: "status or send_at",
                        value: statusText, expected: "a ledger status and a UTC instant")
                }
                let returned: Bool = row[6]
                batch.append(ReportDelivery(
                    campaignID: row[0], segment: row[1], customerID: row[2], status: status, dueAt: dueAt,
                    sentAt: (row[5] as String?).flatMap(StoredText.date), bounced: status == .failed || returned,
                    complained: row[7]))
                if batch.count >= batchSize {
                    try body(batch)
                    batch.removeAll(keepingCapacity: true)
                }
            }
            if !batch.isEmpty { try body(batch) }
        }
    }

    /// Every counted order of a known customer, in no particular order, one at a time: refunded
    /// and cancelled orders count nowhere, and guest orders (no stored customer) have no customer
    /// to follow over time.
    public func reportOrders(_ body: (ReportOrder) throws -> Void) throws {
        try pool.read { db in
            let rows = try Row.fetchCursor(db, sql: """
                SELECT customer_id, created_at, total, currency FROM orders
                WHERE status = 'counted' AND customer_id IS NOT NULL
                """)
            let utc = TimeZone(identifier: "UTC")!
            while let row = try rows.next() {
                let createdText: String = row[1]
                let totalText: String = row[2]
                guard let placed = try? PointInTime(parsing: createdText), let total = StoredText.decimal(totalText) else {
                    throw StoreError.corrupt(
                        table: "orders", row: "customer \(row[0] as String)", column: "created_at or total",
                        value: createdText + " " + totalText, expected: "an ISO 8601 time and a decimal total")
                }
                let placedAt = placed.startInstant(in: utc)
                try body(ReportOrder(customerID: row[0], placedAt: placedAt, total: total, currency: row[3]))
            }
        }
    }

    /// When each customer withdrew consent (`opted_out` events with a customer id), by customer.
    public func reportOptOuts() throws -> [String: [Date]] {
        try pool.read { db in
            var result: [String: [Date]] = [:]
            let rows = try Row.fetchCursor(db, sql: """
                SELECT customer_id, occurred_at FROM consent_events WHERE status = 'opted_out' AND customer_id IS NOT NULL
                """)
            while let row = try rows.next() {
                guard let occurred = StoredText.date(row[1]) ?? (try? PointInTime(parsing: row[1] as String))?
                    .startInstant(in: TimeZone(identifier: "UTC")!) else { continue }
                result[row[0], default: []].append(occurred)
            }
            return result
        }
    }
}
