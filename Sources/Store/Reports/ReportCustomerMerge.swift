import Calendars
import Foundation

/// Joins the stream of counted orders (``KeepsakeStore/ordersSQL``, sorted by customer id) with the
/// period's ledger (``ReportLedger``) and hands one ``ReportCustomer`` at a time to `body`, in the
/// order of the customer ids' bytes: the forgotten customers' ledger rows first, in batches, then
/// each customer with counted orders or ledger rows. Only the customer being read is held. Each
/// order's customer id is compared in place with the current one, a `String` made once per
/// customer; an order's time and total are read from the row's UTF-8, without a `String`.
struct ReportCustomerMerge {
    private let ledger: [ReportLedger.Customer]
    /// The first customer of `ledger` not handed over yet.
    private var nextLedgerCustomer = 0
    private let body: (ReportCustomer) throws -> Void
    /// The customer whose orders are being read, and its id's bytes.
    private var current: ReportCustomer?
    private var currentKey: [UInt8] = []
    /// The last currency read: orders of one shop share a few, so a `String` is not made for each.
    private var lastCurrency: (bytes: [UInt8], text: String)?

    /// Hands over the forgotten customers' ledger rows, `forgottenBatchSize` at a time.
    init(ledger: ReportLedger, forgottenBatchSize: Int, body: @escaping (ReportCustomer) throws -> Void) throws {
        self.ledger = ledger.customers
        self.body = body
        let batchSize = max(forgottenBatchSize, 1)
        for start in stride(from: 0, to: ledger.forgotten.count, by: batchSize) {
            try body(ReportCustomer(
                customerID: nil, deliveries: Array(ledger.forgotten[start..<min(start + batchSize, ledger.forgotten.count)])))
        }
    }

    /// Reads one order row: customer_id, created_at, total, currency.
    mutating func add(_ row: StoreRow) throws {
        let sameCustomer = try row.withUTF8(at: 0) { key in current != nil && Self.equal(key, currentKey) }
        // The query leaves out orders without a customer.
        guard let sameCustomer else { return }
        if !sameCustomer { try start(try row[0] as String) }
        current!.orders.append(try order(row, customerID: current!.customerID!))
    }

    /// Hands over what is left once every order was read: the last customer, and the ledger's
    /// customers after it (those with no counted order).
    mutating func finish() throws {
        try finishCustomer()
        try handOverLedger(before: nil)
    }

    /// Starts reading the orders of `customerID`, after handing over the customer before it and the
    /// ledger's customers that come before this one.
    private mutating func start(_ customerID: String) throws {
        let key = Array(customerID.utf8)
        if current != nil {
            guard currentKey.lexicographicallyPrecedes(key) else {
                throw StoreError(
                    .corruptData,
                    "the store returned the orders of customer \(customerID) after those of \(current!.customerID!), not sorted by "
                        + "customer id byte by byte; on PostgreSQL, orders.customer_id must be TEXT COLLATE \"C\" as Keepsake's "
                        + "migrations make it: recreate the store with them (keepsake store copy)")
            }
            try finishCustomer()
        }
        try handOverLedger(before: key)
        var customer = ReportCustomer(customerID: customerID)
        if nextLedgerCustomer < ledger.count, ledger[nextLedgerCustomer].key == key {
            customer.deliveries = ledger[nextLedgerCustomer].deliveries
            customer.optOuts = ledger[nextLedgerCustomer].optOuts
            nextLedgerCustomer += 1
        }
        current = customer
        currentKey = key
    }

    private mutating func finishCustomer() throws {
        guard var customer = current else { return }
        current = nil
        // The index gives a customer's orders by created_at as written, which orders written with
        // other offsets (or a date only) may not follow.
        customer.orders.sort { $0.placedAt < $1.placedAt }
        try body(customer)
    }

    /// Hands over the ledger's customers whose ids precede `key` (all of them for nil): they have
    /// no counted orders.
    private mutating func handOverLedger(before key: [UInt8]?) throws {
        while nextLedgerCustomer < ledger.count {
            let customer = ledger[nextLedgerCustomer]
            if let key, !customer.key.lexicographicallyPrecedes(key) { return }
            try body(ReportCustomer(customerID: customer.id, deliveries: customer.deliveries, optOuts: customer.optOuts))
            nextLedgerCustomer += 1
        }
    }

    private mutating func order(_ row: StoreRow, customerID: String) throws -> ReportOrder {
        let placed = try row.withUTF8(at: 1) { try? PointInTime(parsingUTF8: $0) } ?? nil
        let total = try row.withUTF8(at: 2) { StoredText.decimal(utf8: $0) } ?? nil
        guard let placed, let total else {
            let created = try row[1] as String?, totalText = try row[2] as String?
            throw StoreError.corrupt(
                table: "orders", row: "customer \(customerID)", column: "created_at or total",
                value: (created ?? "NULL") + " " + (totalText ?? "NULL"), expected: "an ISO 8601 time and a decimal total")
        }
        let currency = try row.withUTF8(at: 3) { bytes in
            if let lastCurrency, Self.equal(bytes, lastCurrency.bytes) { return lastCurrency.text }
            let text = String(decoding: bytes, as: UTF8.self)
            lastCurrency = (Array(bytes), text)
            return text
        }
        return ReportOrder(customerID: customerID, placedAt: placed.startInstant(in: ReportLedger.utc), total: total, currency: currency)
    }

    /// Whether two ids (or currencies) are the same bytes.
    private static func equal(_ bytes: UnsafeBufferPointer<UInt8>, _ other: [UInt8]) -> Bool {
        guard bytes.count == other.count else { return false }
        guard let base = bytes.baseAddress else { return true }
        return other.withUnsafeBufferPointer { memcmp(base, $0.baseAddress!, bytes.count) == 0 }
    }
}
