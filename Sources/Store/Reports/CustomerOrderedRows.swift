import GRDB

/// The rows of a query sorted by customer id (SQLite's binary order, NULL first), read one at a
/// time and taken a customer at a time: the report merges several such queries by customer.
struct CustomerOrderedRows<Element> {
    private let rows: RowCursor
    private let decode: (Row) throws -> (String?, Element?)
    /// The next row not yet taken, and its customer.
    private(set) var head: Element?
    private(set) var headCustomer: String?

    /// Runs `sql`, whose rows must come `ORDER BY` customer id; `decode` reads one row into its
    /// customer and an element (nil leaves the row out).
    init(db: Database, sql: String, arguments: StatementArguments = StatementArguments(),
         decode: @escaping (Row) throws -> (String?, Element?)) throws {
        rows = try Row.fetchCursor(db, sql: sql, arguments: arguments)
        self.decode = decode
        try advance()
    }

    /// Moves on to the next row that is not left out.
    mutating func advance() throws {
        while let row = try rows.next() {
            let (customerID, element) = try decode(row)
            guard let element else { continue }
            head = element
            headCustomer = customerID
            return
        }
        head = nil
        headCustomer = nil
    }

    /// The rows of `customerID`, after passing over the rows of customers before it.
    mutating func take(_ customerID: String) throws -> [Element] {
        var taken: [Element] = []
        while let element = head {
            if let current = headCustomer, !CustomerOrder.precedes(current, customerID) {
                guard CustomerOrder.same(current, customerID) else { break }
                taken.append(element)
            }
            try advance()
        }
        return taken
    }
}

/// Customer ids compared as SQLite's binary collation does: byte by byte in UTF-8 (Swift's own
/// `<` and `==` follow Unicode's canonical equivalence, another order).
enum CustomerOrder {
    static func precedes(_ left: String, _ right: String) -> Bool {
        left.utf8.lexicographicallyPrecedes(right.utf8)
    }

    static func same(_ left: String, _ right: String) -> Bool {
        left.utf8.elementsEqual(right.utf8)
    }

    /// The earlier of two heads; nil when both are.
    static func first(_ left: String?, _ right: String?) -> String? {
        guard let left, let right else { return left ?? right }
        return precedes(right, left) ? right : left
    }
}
