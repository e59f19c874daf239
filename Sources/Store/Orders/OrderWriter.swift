import Calendars
import Foundation

/// Stores orders and keeps each customer's order aggregates in step with the counted ones.
///
/// Re-importing is idempotent: an order id seen before with the same status changes nothing
/// (the order's other fields are those of its first import). A later export that gives another
/// status (refunded, cancelled, or counted again) updates the status, and the customer's count
/// and total, the order's coupon redemptions and its attribution follow. First and last order
/// dates are left as they are: a refund does not undo that the customer ordered then.
enum OrderWriter {
    static func record(_ order: OrderRecord, session: ImportSession, windows: AttributionWindows) throws -> OrderEffects {
        let db = session.connection
        if let stored = try db.row(sql: "SELECT status, customer_id, total FROM orders WHERE order_id = ?", arguments: [order.orderID]) {
            return try changeStatus(of: order, stored: stored, session: session, windows: windows)
        }
        let customer = try customerRow(for: order, db: db)
        if let customer, let expected = try customer["currency"] as String?, let currency = order.currency, currency != expected {
            return OrderEffects(.currencyMismatch(customerID: try customer["id"], customerCurrency: expected))
        }
        let customerID = try customer.map { try $0["id"] as String }
        let zone = CustomerColumns.zone(named: try customer.flatMap { try $0["timezone"] as String? })
        let placed = order.createdAt.startInstant(in: zone)
        try db.execute(sql: """
            INSERT INTO orders (order_id, customer_id, email, created_at, placed_at, total, currency, status, imported_at, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [
            order.orderID, customerID, customer == nil ? order.email?.normalizedForStore : nil, order.createdAt.description,
            StoredText.instant(placed), StoredText.decimal(order.total), order.currency, order.status.rawValue,
            session.context.now, session.context.now,
        ])
        for (index, code) in order.discountCodes.enumerated() {
            try db.execute(
                sql: "INSERT INTO order_discount_codes (order_id, position, code) VALUES (?, ?, ?)", arguments: [order.orderID, index + 1, code])
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
    static func recordLineItem(_ item: OrderLineItem, orderID: String, db: any StoreConnection) throws {
        try db.execute(sql: """
            INSERT INTO order_line_items (order_id, position, product, title, quantity, price)
            SELECT ?, ?, ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM orders WHERE order_id = ?)
            ON CONFLICT (order_id, position) DO NOTHING
            """, arguments: [
            orderID, item.position, item.product, item.title, item.quantity, item.price.map(StoredText.decimal), orderID,
        ])
    }

    private static func changeStatus(
        of order: OrderRecord, stored: StoreRow, session: ImportSession, windows: AttributionWindows
    ) throws -> OrderEffects {
        let db = session.connection
        let status: String = try stored["status"]
        guard let before = OrderStatus(rawValue: status) else {
            throw StoreError.corrupt(table: "orders", row: "order \(order.orderID)", column: "status",
                                     value: status, expected: "counted, refunded or cancelled")
        }
        guard before != order.status else { return OrderEffects(.alreadyImported) }
        try db.execute(sql: "UPDATE orders SET status = ?, updated_at = ? WHERE order_id = ?",
                       arguments: [order.status.rawValue, session.context.now, order.orderID])
        var effects = OrderEffects(.statusChanged(from: before, to: order.status))
        let customerID: String? = try stored["customer_id"]
        guard (before == .counted) != (order.status == .counted) else { return effects }
        let attribution = OrderAttributionWriter(db: db, now: session.context.now)
        let total = StoredText.decimal(try stored["total"] as String) ?? 0
        if order.status == .counted {
            if let customerID {
                try adjustCustomer(customerID, count: 1, amount: total, session: session)
            }
            let placed = try db.value(
                String.self, sql: "SELECT placed_at FROM orders WHERE order_id = ?", arguments: [order.orderID]) ?? ""
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
        let db = session.connection
        guard let text = try db.value(String.self, sql: "SELECT total_spent FROM customers WHERE id = ?", arguments: [customerID])
        else { return }
        guard let spent = StoredText.decimal(text) else {
            throw StoreError.corrupt(table: "customers", row: "customer \(customerID)", column: "total_spent", value: text,
                                     expected: "a number")
        }
        try db.execute(
            sql: """
                UPDATE customers SET orders_count = CASE WHEN orders_count + ?1 > 0 THEN orders_count + ?1 ELSE 0 END,
                    total_spent = ?2, updated_at = ?3 WHERE id = ?4
                """,
            arguments: [count, StoredText.decimal(spent + amount), session.context.now, customerID])
    }

    private static func addToCustomer(_ order: OrderRecord, customer: StoreRow, session: ImportSession) throws {
        let db = session.connection
        let customerID: String = try customer["id"]
        let table = "customers"
        let row = "customer \(customerID)"
        let calendar = CalendarSystem(rawValue: try customer["calendar"]) ?? .gregorian
        let zone = CustomerColumns.zone(named: try customer["timezone"] as String?)
        let spentText: String = try customer["total_spent"]
        guard let spent = StoredText.decimal(spentText) else {
            throw StoreError.corrupt(
                table: table, row: row, column: "total_spent", value: spentText, expected: "a number")
        }
        func stored(_ column: String) throws -> PointInTime? {
            guard let text = try customer[column] as String? else { return nil }
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
        try db.execute(sql: """
            UPDATE customers SET first_order_at = ?, first_order_local_date = ?, first_order_month_day = ?,
                last_order_at = ?, last_order_local_date = ?, orders_count = orders_count + 1, total_spent = ?,
                updated_at = ?
            WHERE id = ?
            """, arguments: [
            first!.description, firstDate.description, calendar.calendarDate(for: firstDate).monthDayKey,
            last!.description, last!.localDate(in: zone).description, StoredText.decimal(spent + order.total),
            session.context.now, customerID,
        ])
    }

    /// The customer the order belongs to: by id when it has one, else the first customer (by id)
    /// with its address.
    private static func customerRow(for order: OrderRecord, db: any StoreConnection) throws -> StoreRow? {
        let columns = "id, calendar, timezone, total_spent, first_order_at, last_order_at, currency"
        if let customerID = order.customerID,
           let row = try db.row(sql: "SELECT \(columns) FROM customers WHERE id = ?", arguments: [customerID]) {
            return row
        }
        guard let email = order.email else { return nil }
        return try db.row(
            sql: "SELECT \(columns) FROM customers WHERE email_normalized = ? ORDER BY id LIMIT 1", arguments: [email.normalizedForStore])
    }
}
