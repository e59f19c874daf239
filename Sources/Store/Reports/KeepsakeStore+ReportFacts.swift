import Calendars
import Foundation

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
    /// time in the order of their ids' bytes, in one read: the period's ledger rows and their
    /// customers' withdrawals first, by two small queries (``ReportLedger``), then every counted
    /// order in one scan of `orders_counted_by_customer` (``ordersSQL``), merged with them by
    /// customer id as it streams (``ReportCustomerMerge``), so no more than one customer's orders are
    /// held at a time (the report over millions of orders stays within a few megabytes). Guest
    /// orders (no stored customer) have no customer to follow over time and are left out. The
    /// ledger rows of forgotten customers come first, in batches of `forgottenBatchSize`, as one
    /// customer with no id. The same queries run on SQLite and PostgreSQL.
    public func reportCustomers(
        days: ClosedRange<LocalDate>, forgottenBatchSize: Int = 10_000, _ body: (ReportCustomer) throws -> Void
    ) throws {
        try withoutActuallyEscaping(body) { body in
            try database.read { connection in
                let ledger = try ReportLedger(connection, days: days)
                var merge = try ReportCustomerMerge(ledger: ledger, forgottenBatchSize: forgottenBatchSize, body: body)
                try connection.forEachRow(sql: Self.ordersSQL) { row in try merge.add(row) }
                try merge.finish()
            }
        }
    }

    /// Each counted order of a stored customer, sorted by customer id (byte by byte on both engines:
    /// SQLite's binary collation, PostgreSQL's `COLLATE "C"` columns): one scan of
    /// `orders_counted_by_customer` (migration 13), which holds every column read here, so no order
    /// is looked up in its table.
    static let ordersSQL = """
        SELECT customer_id, created_at, total, currency FROM orders
        WHERE status = 'counted' AND customer_id IS NOT NULL ORDER BY customer_id
        """
}
