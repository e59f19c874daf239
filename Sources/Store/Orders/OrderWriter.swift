import Calendars
import Foundation
import GRDB

/// Stores orders and keeps each customer's order aggregates in step with them.
enum OrderWriter {
    static func record(_ order: OrderRecord, session: ImportSession) throws -> OrderOutcome {
        let db = session.db
        let known = try db.cachedStatement(sql: "SELECT 1 FROM orders WHERE order_id = ?")
        if try Bool.fetchOne(known, arguments: [order.orderID]) != nil { return .alreadyImported }
        guard let customer = try customerRow(for: order, db: db) else { return .unknownCustomer }
        let customerID: String = customer["id"]
        let table = "customers"
        let row = "customer \(customerID)"
        let calendar = CalendarSystem(rawValue: customer["calendar"]) ?? .gregorian
        let zone = CustomerColumns.zone(named: customer["timezone"])
        guard let spent = StoredText.decimal(customer["total_spent"]) else {
            throw StoreError.corrupt(
                table: table, row: row, column: "total_spent", value: customer["total_spent"], expected: "a number")
        }
        func stored(_ column: String) throws -> PointInTime? {
            guard let text: String = customer[column] else { return nil }
            guard let value = try? PointInTime(parsing: text) else {
                throw StoreError.corrupt(
                    table: table, row: row, column: column, value: text, expected: "an ISO 8601 date or instant")
            }
            return value
        }
        let placed = order.createdAt.startInstant(in: zone)
        var first = try stored("first_order_at")
        var last = try stored("last_order_at")
        if first.map({ placed < $0.startInstant(in: zone) }) ?? true { first = order.createdAt }
        if last.map({ placed > $0.startInstant(in: zone) }) ?? true { last = order.createdAt }
        let firstDate = first!.localDate(in: zone)

        let insert = try db.cachedStatement(
            sql: "INSERT INTO orders (order_id, customer_id, created_at, total, currency) VALUES (?, ?, ?, ?, ?)")
        try insert.execute(arguments: [
            order.orderID, customerID, order.createdAt.description, StoredText.decimal(order.total), order.currency,
        ])
        let update = try db.cachedStatement(sql: """
            UPDATE customers SET first_order_at = ?, first_order_local_date = ?, first_order_month_day = ?,
                last_order_at = ?, last_order_local_date = ?, orders_count = orders_count + 1, total_spent = ?,
                updated_at = ?
            WHERE id = ?
            """)
        try update.execute(arguments: [
            first!.description, firstDate.description, calendar.calendarDate(for: firstDate).monthDayKey,
            last!.description, last!.localDate(in: zone).description, StoredText.decimal(spent + order.total),
            session.context.now, customerID,
        ])
        return .applied
    }

    /// The customer the order belongs to: by id when it has one, else the first customer (by id)
    /// with its address.
    private static func customerRow(for order: OrderRecord, db: Database) throws -> Row? {
        let columns = "id, calendar, timezone, total_spent, first_order_at, last_order_at"
        if let customerID = order.customerID {
            let statement = try db.cachedStatement(sql: "SELECT \(columns) FROM customers WHERE id = ?")
            return try Row.fetchOne(statement, arguments: [customerID])
        }
        guard let email = order.email else { return nil }
        let statement = try db.cachedStatement(
            sql: "SELECT \(columns) FROM customers WHERE email_normalized = ? ORDER BY id LIMIT 1")
        return try Row.fetchOne(statement, arguments: [email.normalizedForStore])
    }
}
