/// A table that holds personal data about someone, and how `forget` erases it and `export`
/// finds it. Every table that stores anything about a person joins ``PersonalDataTable/all``;
/// the send ledger keeps its rows (they are evidence) without the address.
struct PersonalDataTable: Sendable {
    /// What erasure does to the matching rows.
    enum Erasure: Sendable {
        /// The rows are deleted.
        case deleteRows
        /// The rows stay (their history is evidence) but these columns become NULL.
        case clearColumns([String])
    }

    /// The table's name.
    let name: String
    /// A condition selecting the person's rows, using the numbered arguments `?1` (the
    /// normalized address) and `?2` (its HMAC digest).
    let condition: String
    /// The column rows are listed by in an export.
    let orderBy: String
    /// What erasure does.
    let erasure: Erasure

    /// The person's orders: those of their customer rows, and guest orders placed with their address.
    private static let personsOrders =
        "customer_id IN (SELECT id FROM customers WHERE email_normalized = ?1) OR (customer_id IS NULL AND email = ?1)"

    /// Every table holding personal data, in the order erasure visits them (a table whose
    /// condition looks into another table comes before it).
    static let all: [PersonalDataTable] = [
        // An order's codes, lines and attribution go with it; a guest order is found by its address.
        PersonalDataTable(
            name: "order_discount_codes", condition: "order_id IN (SELECT order_id FROM orders WHERE \(personsOrders))",
            orderBy: "order_id, position", erasure: .deleteRows),
        PersonalDataTable(
            name: "order_line_items", condition: "order_id IN (SELECT order_id FROM orders WHERE \(personsOrders))",
            orderBy: "order_id, position", erasure: .deleteRows),
        PersonalDataTable(
            name: "order_attributions", condition: "order_id IN (SELECT order_id FROM orders WHERE \(personsOrders))",
            orderBy: "order_id", erasure: .deleteRows),
        PersonalDataTable(name: "orders", condition: personsOrders, orderBy: "created_at, order_id", erasure: .deleteRows),
        // A code stays reserved after erasure (the shop may hold it), but no longer names the customer.
        PersonalDataTable(
            name: "coupon_codes",
            condition: "customer_id IN (SELECT id FROM customers WHERE email_normalized = ?1)",
            orderBy: "reserved_at, code", erasure: .clearColumns(["customer_id"])),
        PersonalDataTable(
            name: "customers", condition: "email_normalized = ?1", orderBy: "id", erasure: .deleteRows),
        PersonalDataTable(
            name: "consent_events", condition: "email_digest = ?2", orderBy: "sequence",
            erasure: .clearColumns(["customer_id", "email", "ip"])),
        // A suppression the breaker holds names its delivery (the address is in the ledger row).
        PersonalDataTable(
            name: "pending_suppressions",
            condition: "delivery_id IN (SELECT id FROM deliveries WHERE email_digest = ?2)",
            orderBy: "held_at, delivery_id", erasure: .deleteRows),
        // Returned mail quotes the address in its diagnostic and in what was kept aside.
        PersonalDataTable(
            name: "inbound_messages", condition: "email_digest = ?2", orderBy: "received_at, digest",
            erasure: .clearColumns(["email", "diagnostic_code", "detail"])),
        PersonalDataTable(
            name: "deliveries", condition: "email_digest = ?2", orderBy: "id",
            // Relays quote the address in their replies ("550 5.1.1 <sara@…>: User unknown").
            erasure: .clearColumns(["customer_id", "email", "last_reply"])),
        PersonalDataTable(
            name: "suppressions", condition: "email_digest = ?2", orderBy: "created_at",
            erasure: .clearColumns(["email", "reply"])),
    ]
}
