import Foundation

/// How the columns of a shop's export become Keepsake's fields: which header is which field,
/// which columns are kept as named attributes or dropped, how values are translated (Shopify's
/// `yes`/`no` to `opted_in`/`opted_out`), how tags are separated, and what a missing value defaults to.
///
/// Mappings are written in YAML (see the presets in `Sources/CustomerImport/Presets`):
///
/// ```yaml
/// kind: customers
/// columns:
///   Customer ID: id
///   Email: email
///   Accepts Email Marketing: consent
/// attributes:
///   Default Address City: city
/// ignore: [Note]
/// values:
///   consent: { "yes": opted_in, "no": opted_out }
/// tag_separator: ","
/// defaults:
///   consent_source: shopify export
///   consent_at: file-modified
/// ```
public struct ImportMapping: Sendable, Hashable {
    /// What a file holds.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// One row per customer (``CustomerField``).
        case customers
        /// One row per order, or per order line with ``ImportMapping/firstRowPerOrder`` (``OrderField``).
        case orders
    }

    /// The `defaults` value of `consent_at` meaning "the modification time of the imported file",
    /// for exports that give a consent status but not when it was given.
    public static let fileModifiedDefault = "file-modified"

    /// Customers or orders.
    public var kind: Kind
    /// The mapping's name for messages: a preset name or the mapping file's path.
    public var name: String
    /// CSV header → Keepsake field name (``CustomerField`` or ``OrderField`` raw value).
    public var columns: [String: String]
    /// CSV header → attribute name, for columns kept as attributes under another name.
    public var attributes: [String: String]
    /// CSV headers that are dropped (a password hash, say).
    public var ignoredColumns: Set<String>
    /// Keepsake field name → (value as written, lower-cased → value Keepsake reads).
    public var values: [String: [String: String]]
    /// What separates tags in the tags column: `;` in Keepsake's format, `,` in Shopify's.
    public var tagSeparator: String
    /// Keepsake field name → value used when the column is absent or the value is empty.
    public var defaults: [String: String]
    /// For order exports with one row per line item: only the first row of each order counts,
    /// and the rows after it with the same order id are passed over.
    public var firstRowPerOrder: Bool
    /// `time_zone: Europe/London`: the zone of times the file writes without a UTC offset
    /// (WooCommerce writes the shop's local time, `2024-03-02 10:15:00`); nil refuses such times.
    public var timeZone: TimeZone?

    /// Creates a mapping; fields are given by their Keepsake names.
    public init(
        kind: Kind, name: String, columns: [String: String] = [:], attributes: [String: String] = [:],
        ignoredColumns: Set<String> = [], values: [String: [String: String]] = [:], tagSeparator: String = ";",
        defaults: [String: String] = [:], firstRowPerOrder: Bool = false
    ) {
        self.kind = kind
        self.name = name
        self.columns = columns
        self.attributes = attributes
        self.ignoredColumns = ignoredColumns
        self.values = values
        self.tagSeparator = tagSeparator
        self.defaults = defaults
        self.firstRowPerOrder = firstRowPerOrder
    }

    /// Keepsake's own format: every column already has its Keepsake name; other columns are
    /// attributes. An orders file may give one row per line item.
    public static func identity(_ kind: Kind) -> ImportMapping {
        ImportMapping(kind: kind, name: "keepsake-\(kind.rawValue)", firstRowPerOrder: kind == .orders)
    }

    /// The Keepsake field names of `kind`, such as `id`, `email`, `first_name`.
    public static func fieldNames(of kind: Kind) -> [String] {
        switch kind {
        case .customers: return CustomerField.allCases.map(\.name)
        case .orders: return OrderField.allCases.map(\.name)
        }
    }
}
