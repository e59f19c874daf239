/// A column Keepsake understands in an import file, known by its ``name``: the column's name in
/// Keepsake's own format and the target name in mapping files.
///
/// Fields are numbered (``ordinal``) so that a row's values are found by array index, not by
/// hashing names, on every row of a million-row file.
public protocol ImportField: CaseIterable, Hashable, Sendable {
    /// The column name in Keepsake's own format, such as `first_name`.
    var name: String { get }
    /// The field's position among `allCases`, from 0.
    var ordinal: Int { get }
    /// The fields a file must have a column for (or a default), such as `id` and `email`.
    static var requiredFields: [Self] { get }
}

extension ImportField {
    /// The field whose column name is `name`, such as `first_name`.
    public init?(name: String) {
        guard let field = Self.allCases.first(where: { $0.name == name }) else { return nil }
        self = field
    }
}

/// The columns of a customer file in Keepsake's own format (see samples/customers-sample.csv),
/// in that file's order.
public enum CustomerField: Int, ImportField {
    case id, email, firstName, lastName, locale, timeZone, country, calendar, birthday, firstOrderAt, lastOrderAt
    case ordersCount, totalSpent, currency, tags, consent, consentAt, consentSource, consentIP, consentWording
    /// The calendar's topics the customer left (`offers;feedback`), stated with the row's consent.
    case topicsLeft

    private static let names = [
        "id", "email", "first_name", "last_name", "locale", "timezone", "country", "calendar", "birthday",
        "first_order_at", "last_order_at", "orders_count", "total_spent", "currency", "tags",
        "consent", "consent_at", "consent_source", "consent_ip", "consent_wording", "topics_left",
    ]

    /// The column name, such as `first_name`.
    public var name: String { Self.names[rawValue] }
    /// The position in the own format's column order.
    public var ordinal: Int { rawValue }
    /// `id` and `email`.
    public static var requiredFields: [CustomerField] { [.id, .email] }
}

/// The columns of an order file in Keepsake's own format: one row per line item, the order's
/// fields read from its first row (the rows right after it with the same `order_id` add its
/// further line items), or one row per order without the line-item columns.
public enum OrderField: Int, ImportField {
    case orderID, customerID, email, createdAt, total, currency, status, discountCodes
    case productID, sku, title, quantity, price
    /// Shopify's `Cancelled at`: any value marks the order cancelled.
    case cancelledAt
    /// A line's total (WooCommerce's `item_total`), read as the price of one when `price` is absent.
    case lineTotal
    /// What was refunded of the order so far (Shopify's `Refunded Amount`, WooCommerce's
    /// `refunded_total`): the order counts for its total less this; all of it refunded, not at all.
    case refundedAmount

    private static let names = [
        "order_id", "customer_id", "email", "created_at", "total", "currency", "status", "discount_codes",
        "product_id", "sku", "title", "quantity", "price", "cancelled_at", "line_total", "refunded_amount",
    ]

    /// The column name, such as `order_id`.
    public var name: String { Self.names[rawValue] }
    /// The position in the own format's column order.
    public var ordinal: Int { rawValue }
    /// `order_id`, `created_at` and `total` (plus `customer_id` or `email`, checked separately).
    public static var requiredFields: [OrderField] { [.orderID, .createdAt, .total] }
    /// The fields of a line item.
    static let lineItemFields: [OrderField] = [.productID, .sku, .title, .quantity, .price, .lineTotal]
}
