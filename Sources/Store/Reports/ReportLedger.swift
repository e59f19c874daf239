import Calendars
import Foundation

/// The period's ledger rows and the withdrawals of their customers, read by two small queries of
/// their own and held grouped by customer: what ``ReportCustomerMerge`` joins to the stream of
/// orders. Customers are keyed by the bytes of their ids (two spellings of "ä" are two customers,
/// which Swift's `String` calls equal) and sorted by them, as the orders come.
struct ReportLedger {
    /// One customer's ledger rows of the period (by id) and withdrawals (by time).
    struct Customer {
        let id: String
        let key: [UInt8]
        var deliveries: [ReportDelivery] = []
        var optOuts: [Date] = []
    }

    /// Ledger rows whose customer was forgotten (no id), by id.
    private(set) var forgotten: [ReportDelivery] = []
    /// The customers with ledger rows in the period, sorted by the bytes of their ids.
    private(set) var customers: [Customer] = []

    init(_ connection: any StoreConnection, days: ClosedRange<LocalDate>) throws {
        let period: StoreArguments = [days.lowerBound.description, days.upperBound.description]
        var positions: [[UInt8]: Int] = [:]
        var forgotten: [ReportDelivery] = [], customers: [Customer] = []
        try connection.forEachRow(sql: Self.deliveriesSQL, arguments: period) { row in
            let customerID = try row["customer_id"] as String?
            let delivery = try Self.delivery(row, customerID: customerID)
            guard let customerID else { return forgotten.append(delivery) }
            let key = Array(customerID.utf8)
            if let position = positions[key] {
                customers[position].deliveries.append(delivery)
            } else {
                positions[key] = customers.count
                customers.append(Customer(id: customerID, key: key, deliveries: [delivery]))
            }
        }
        try connection.forEachRow(sql: Self.optOutsSQL, arguments: period) { row in
            let key = try row.withUTF8(at: 0) { Array($0) }
            guard let key, let position = positions[key], let moment = Self.moment(try row[1] as String) else { return }
            customers[position].optOuts.append(moment)
        }
        for position in customers.indices { customers[position].optOuts.sort() }
        customers.sort { $0.key.lexicographicallyPrecedes($1.key) }
        self.forgotten = forgotten
        self.customers = customers
    }

    /// The ledger rows whose day is in the period, by id. A ledger row's returned messages are
    /// found by its id alone (`inbound_messages_delivery`), the kind of failure read from each: a
    /// condition on `failure` let SQLite pick `inbound_messages_reports`, every returned message of
    /// that kind for each ledger row.
    static let deliveriesSQL = """
        SELECT d.campaign_id, d.segment, d.customer_id, d.status, d.send_at, d.sent_at,
            COALESCE((SELECT max(CASE i.failure WHEN 'permanent' THEN 1 ELSE 0 END) FROM inbound_messages i WHERE i.delivery_id = d.id), 0) AS returned,
            COALESCE((SELECT max(CASE i.failure WHEN 'complaint' THEN 1 ELSE 0 END) FROM inbound_messages i WHERE i.delivery_id = d.id), 0) AS complained
        FROM deliveries d WHERE d.day BETWEEN ? AND ? ORDER BY d.id
        """

    /// The withdrawals (`opted_out` events) of the customers with ledger rows in the period,
    /// through `consent_events_withdrawals` (migration 13).
    static let optOutsSQL = """
        SELECT customer_id, occurred_at FROM consent_events
        WHERE status = 'opted_out' AND customer_id IN (SELECT customer_id FROM deliveries WHERE day BETWEEN ? AND ?)
        """

    private static func delivery(_ row: StoreRow, customerID: String?) throws -> ReportDelivery {
        let statusText = try row["status"] as String
        guard let status = LedgerStatus(rawValue: statusText), let dueAt = StoredText.date(try row["send_at"] as String) else {
            throw StoreError.corrupt(
                table: "deliveries", row: "campaign \(try row["campaign_id"] as String)", column: "status or send_at",
                value: statusText, expected: "a ledger status and a UTC instant")
        }
        let returned = try row["returned"] as Bool
        return ReportDelivery(
            campaignID: try row["campaign_id"], segment: try row["segment"], customerID: customerID, status: status, dueAt: dueAt,
            sentAt: (try row["sent_at"] as String?).flatMap(StoredText.date), bounced: status == .failed || returned,
            complained: try row["complained"])
    }

    /// A withdrawal's time; nil (left out, as one that never happened) when it cannot be read.
    private static func moment(_ text: String) -> Date? {
        StoredText.date(text) ?? (try? PointInTime(parsing: text))?.startInstant(in: utc)
    }

    static let utc = TimeZone(identifier: "UTC")!
}
