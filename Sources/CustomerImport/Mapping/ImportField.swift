/// A column Keepsake understands in an import file; its raw value is the column's name in
/// Keepsake's own format and the target name in mapping files.
public protocol ImportField: RawRepresentable<String>, CaseIterable, Hashable, Sendable {
    /// The fields a file must have a column for (or a default), such as `id` and `email`.
    static var requiredFields: [Self] { get }
}

/// The columns of a customer file in Keepsake's own format (see samples/customers-sample.csv).
public enum CustomerField: String, ImportField {
    case id
    case email
    case firstName = "first_name"
    case lastName = "last_name"
    case locale
    case timeZone = "timezone"
    case country
    case calendar
    case birthday
    case firstOrderAt = "first_order_at"
    case lastOrderAt = "last_order_at"
    case ordersCount = "orders_count"
    case totalSpent = "total_spent"
    case currency
    case tags
    case consent
    case consentAt = "consent_at"
    case consentSource = "consent_source"
    case consentIP = "consent_ip"
    case consentWording = "consent_wording"

    /// `id` and `email`.
    public static var requiredFields: [CustomerField] { [.id, .email] }
}

/// The columns of an order file in Keepsake's own format: one row per order.
public enum OrderField: String, ImportField {
    case orderID = "order_id"
    case customerID = "customer_id"
    case email
    case createdAt = "created_at"
    case total
    case currency

    /// `order_id`, `created_at` and `total` (plus `customer_id` or `email`, checked separately).
    public static var requiredFields: [OrderField] { [.orderID, .createdAt, .total] }
}
