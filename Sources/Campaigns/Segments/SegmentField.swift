/// A customer field a segment condition can test, such as `total_spent` or `attributes.city`.
///
/// Derived fields (`days_since_last_order`, `age`, the RFM scores…) are supplied by the
/// ``SegmentSubject`` for the day being planned.
public enum SegmentField: Hashable, Sendable, CustomStringConvertible {
    /// Text fields of the customer record: `id`, `email`, `first_name`, `last_name`, `locale`,
    /// `timezone`, `country` (ISO 3166 upper-case), `calendar` (gregorian, persian, islamic-umalqura).
    case id, email, firstName, lastName, locale, timeZone, country, calendar
    /// Date fields, as local dates of the customer: `birthday` (its Gregorian day, when the year
    /// is known), `first_order_at`, `last_order_at`.
    case birthday, firstOrderAt, lastOrderAt
    /// `orders_count` and `total_spent` (numbers), `currency` (ISO 4217 upper-case), `tags` (a list).
    case ordersCount, totalSpent, currency, tags
    /// An extra column of the customer import, by its name: `attributes.city`.
    case attribute(String)
    /// Whole days from the last order's local date to the day being planned.
    case daysSinceLastOrder
    /// Whole days from the first order's local date to the day being planned.
    case daysSinceFirstOrder
    /// Completed years since the birthday, in the customer's calendar (needs a birth year).
    case age
    /// RFM scores, 1–5 (5 is best), quintiles over the store: how recent the last order is,
    /// how many orders, how much spent.
    case recency, frequency, monetary

    /// The fields with fixed names, in the order the documentation lists them.
    public static let named: [SegmentField] = [
        .id, .email, .firstName, .lastName, .locale, .timeZone, .country, .calendar,
        .birthday, .firstOrderAt, .lastOrderAt, .ordersCount, .totalSpent, .currency, .tags,
        .daysSinceLastOrder, .daysSinceFirstOrder, .age, .recency, .frequency, .monetary,
    ]

    /// The prefix of extra import columns.
    public static let attributePrefix = "attributes."

    /// The field spelled `name` in a condition, if any.
    public init?(name: String) {
        if name.hasPrefix(Self.attributePrefix) {
            let attribute = String(name.dropFirst(Self.attributePrefix.count))
            guard !attribute.isEmpty else { return nil }
            self = .attribute(attribute)
            return
        }
        guard let field = Self.byName[name] else { return nil }
        self = field
    }

    private static let byName = Dictionary(uniqueKeysWithValues: named.map { ($0.name, $0) })

    /// The name as written in conditions, such as `total_spent` or `attributes.city`.
    public var name: String {
        switch self {
        case .id: "id"
        case .email: "email"
        case .firstName: "first_name"
        case .lastName: "last_name"
        case .locale: "locale"
        case .timeZone: "timezone"
        case .country: "country"
        case .calendar: "calendar"
        case .birthday: "birthday"
        case .firstOrderAt: "first_order_at"
        case .lastOrderAt: "last_order_at"
        case .ordersCount: "orders_count"
        case .totalSpent: "total_spent"
        case .currency: "currency"
        case .tags: "tags"
        case .attribute(let name): Self.attributePrefix + name
        case .daysSinceLastOrder: "days_since_last_order"
        case .daysSinceFirstOrder: "days_since_first_order"
        case .age: "age"
        case .recency: "recency"
        case .frequency: "frequency"
        case .monetary: "monetary"
        }
    }

    /// The name as written in conditions.
    public var description: String { name }

    /// What kind of value the field holds, which decides the comparisons allowed on it.
    public var kind: SegmentValue.Kind {
        switch self {
        case .id, .email, .firstName, .lastName, .locale, .timeZone, .country, .calendar, .currency: .text
        case .birthday, .firstOrderAt, .lastOrderAt: .date
        case .ordersCount, .totalSpent, .daysSinceLastOrder, .daysSinceFirstOrder, .age: .number
        case .recency, .frequency, .monetary: .number
        case .tags: .list
        case .attribute: .text
        }
    }

    /// Whether the field is computed for the day being planned rather than stored.
    public var isDerived: Bool {
        switch self {
        case .daysSinceLastOrder, .daysSinceFirstOrder, .age, .recency, .frequency, .monetary: true
        default: false
        }
    }

    /// Whether the field is an RFM score, 1–5.
    public var isScore: Bool {
        self == .recency || self == .frequency || self == .monetary
    }
}
