import Calendars
import Foundation
import GRDB

/// Stores orders and keeps each customer's order aggregates in step with the counted ones.
///
/// Re-importing is idempotent: an order id seen before with the same status changes nothing
/// (the order's other fields are those of its first import). A later export that gives another
/// status (refunded, cancelled, or counted again) updates the status, and the customer's count
/// and total, the order's coupon redemptions and its attribution follow. First and last order
/// dates are left as they are: a refund does not undo that the customer ordered then.
enum OrderWriter {
    static func record(_ order: OrderRecord, session: ImportSession, windows: AttributionWindows) throws -> OrderEffects {
        let db = session.db
        let known = try db.cachedStatement(sql: "SELECT status, customer_id, total FROM orders WHERE order_id = ?")
        if let stored = try Row.fetchOne(known, arguments: [order.orderID]) {
            return try changeStatus(of: order, stored: stored, session: session, windows: windows)
        }
        let customer = try customerRow(for: order, db: db)
        if let customer, let expected: String = customer["currency"], let currency = order.currency, currency != expected {
            return OrderEffects(.currencyMismatch(customerID: customer["id"], customerCurrency: expected))
        }
        let customerID: String? = customer?["id"]
        let zone = CustomerColumns.zone(named: customer?["timezone"])
        let placed = order.createdAt.startInstant(in: zone)
        let insert = try db.cachedStatement(sql: """
            INSERT INTO orders (order_id, customer_id, email, created_at, placed_at, total, currency, status, imported_at, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        try insert.execute(arguments: [
            order.orderID, customerID, customer == nil ? order.email?.normalizedForStore : nil, order.createdAt.description,
            StoredText.instant(placed), StoredText.decimal(order.total), order.currency, order.status.rawValue,
            session.context.now, session.context.now,
        ])
        let codes = try db.cachedStatement(sql: "INSERT INTO order_discount_codes (order_id, position, code) VALUES (?, ?, ?)")
        for (index, code) in order.discountCodes.enumerated() {
            try codes.execute(arguments: [order.orderID, index + 1, code])
        }
        for item in order.lineItems { try recordLineItem(item, orderID: order.orderID, db: db) }
        var effects = OrderEffects(customer == nil ? .guest : .applied)
        if order.status == .counted {
            if let customer { try addToCustomer(order, customer: customer, session: session) }
            try OrderAttributionWriter(db: db, now: session.context.now)
                .credit(orderID: order.orderID, customerID: customerID, placed: placed, windows: windows, effects: &effects)
        } else {
            effects.shopCodes = try OrderAttributionWriter(db: db, now: session.context.now).shopCodeCount(orderID: order.orderID)
        }
        return effects
    }

    /// A further line of an order stored before; a line stored before is left as it is.
    static func recordLineItem(_ item: OrderLineItem, orderID: String, db: Database) throws {
        let insert = try db.cachedStatement(sql: """
            INSERT OR IGNORE INTO order_line_items (order_id, position, product, title, quantity, price)
            SELECT ?, ?, ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM orders WHERE order_id = ?)
            """)
        try insert.execute(arguments: [
            orderID, item.position, item.product, item.title, item.quantity, item.price.map(StoredText.decimal), orderID,
        ])
    }

    private static func changeStatus(
        of order: OrderRecord, stored: Row, session: ImportSession, windows: AttributionWindows
    ) throws -> OrderEffects {
        let db = session.db
        guard let before = OrderStatus(rawValue: stored["status"]) else {
            throw StoreError.corrupt(table: "orders", row: "order \(order.orderID)", column: "status",
                                     value: stored["status"], expected: "counted, refunded or cancelled")
        }
        guard before != order.status else { return OrderEffects(.alreadyImported) }
        try db.execute(sql: "UPDATE orders SET status = ?, updated_at = ? WHERE order_id = ?",
                       arguments: [order.status.rawValue, session.context.now, order.orderID])
        var effects = OrderEffects(.statusChanged(from: before, to: order.status))
        let customerID: String? = stored["customer_id"]
        guard (before == .counted) != (order.status == .counted) else { return effects }
        let attribution = OrderAttributionWriter(db: db, now: session.context.now)
        let total = StoredText.decimal(stored["total"] as String) ?? 0
        if order.status == .counted {
            if let customerID {
                try adjustCustomer(customerID, count: 1, amount: total, session: session)
            }
            let placed: String = try String.fetchOne(
                db, sql: "SELECT placed_at FROM orders WHERE order_id = ?", arguments: [order.orderID]) ?? ""
            try attribution.credit(orderID: order.orderID, customerID: customerID, placed: StoredText.date(placed) ?? Date(),
                                   windows: windows, effects: &effects)
        } else {
            if let customerID {
                try adjustCustomer(customerID, count: -1, amount: -total, session: session)
            }
            try attribution.withdraw(orderID: order.orderID)
        }
        return effects
    }

    private static func adjustCustomer(_ customerID: String, count: Int, amount: Decimal, session: ImportSession) throws {
        let db = session.db
        guard let text = try String.fetchOne(db, sql: "SELECT total_spent FROM customers WHERE id = ?", arguments: [customerID])
        else { return }
        guard let spent = StoredText.decimal(text) else {
            throw StoreError.corrupt(table: "customers", row: "customer \(customerID)", column: "total_spent", value: text,
                                     expected: "a number")
        }
        try db.execute(
            sql: "UPDATE customers SET orders_count = max(orders_count + ?, 0), total_spent = ?, updated_at = ? WHERE id = ?",
            arguments: [count, StoredText.decimal(spent + amount), session.context.now, customerID])
    }

    private static func addToCustomer(_ order: OrderRecord, customer: Row, session: ImportSession) throws {
        let db = session.db
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
    }

    /// The customer the order belongs to: by id when it has one, else the first customer (by id)
    /// with its address.
    private static func customerRow(for order: OrderRecord, db: Database) throws -> Row? {
        let columns = "id, calendar, timezone, total_spent, first_order_at, last_order_at, currency"
        if let customerID = order.customerID {
            let statement = try db.cachedStatement(sql: "SELECT \(columns) FROM customers WHERE id = ?")
            if let row = try Row.fetchOne(statement, arguments: [customerID]) { return row }
        }
        guard let email = order.email else { return nil }
        let statement = try db.cachedStatement(
            sql: "SELECT \(columns) FROM customers WHERE email_normalized = ? ORDER BY id LIMIT 1")
        return try Row.fetchOne(statement, arguments: [email.normalizedForStore])
    }
}
