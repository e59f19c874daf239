import Calendars

/// Which customers a planner reads for a stretch of days: only those a trigger can concern,
/// found through the store's indexes, or everyone for triggers that concern everyone.
///
/// The month-day keys are in each customer's own calendar (`month * 100 + day`); the local
/// dates are the customer's local days of their orders, as the import computed them (in the
/// customer's time zone, UTC when they have none), so a caller widens ranges by a day and checks
/// each customer's own dates again.
public indirect enum CandidateFilter: Hashable, Sendable {
    /// Customers of `calendar` whose birthday month-day is one of `monthDays`.
    case birthday(calendar: CalendarSystem, monthDays: Set<Int>)
    /// Customers of `calendar` whose first order's month-day (in that calendar) is one of `monthDays`.
    case firstOrderMonthDay(calendar: CalendarSystem, monthDays: Set<Int>)
    /// Customers whose last order's local date is in the range; no lower bound when `from` is nil.
    case lastOrderDate(from: LocalDate?, through: LocalDate)
    /// Customers whose first order's local date is in the range; no lower bound when `from` is nil.
    case firstOrderDate(from: LocalDate?, through: LocalDate)
    /// Customers whose text column holds one of `values` exactly (a customer without a value is
    /// not selected): what a segment such as `country in ["IR", "AF"]` can be narrowed to. Read
    /// by scanning the table, not through an index.
    case textIn(CustomerTextColumn, Set<String>)
    /// Customers any of the filters selects (none when empty).
    case anyOf([CandidateFilter])
    /// Customers every one of the filters selects (everyone when empty).
    case allOf([CandidateFilter])
    /// Every customer, streamed in batches.
    case everyone

    /// The `WHERE` clause and its arguments.
    var condition: (sql: String, arguments: [String]) {
        switch self {
        case let .birthday(calendar, monthDays):
            return monthDayCondition(column: "birthday_month_day", calendar: calendar, monthDays: monthDays)
        case let .firstOrderMonthDay(calendar, monthDays):
            return monthDayCondition(column: "first_order_month_day", calendar: calendar, monthDays: monthDays)
        case let .lastOrderDate(from, through):
            return dateCondition(column: "last_order_local_date", from: from, through: through)
        case let .firstOrderDate(from, through):
            return dateCondition(column: "first_order_local_date", from: from, through: through)
        case let .textIn(column, values):
            guard !values.isEmpty else { return (Self.never, []) }
            let sorted = values.sorted()
            return ("\(column.rawValue) IN (\(sorted.map { _ in "?" }.joined(separator: ", ")))", sorted)
        case let .anyOf(filters):
            return combined(filters, with: " OR ", empty: Self.never)
        case let .allOf(filters):
            return combined(filters, with: " AND ", empty: Self.always)
        case .everyone:
            return (Self.always, [])
        }
    }

    /// A condition no row meets, and one every row meets, in SQL both engines read (PostgreSQL's
    /// `WHERE` takes only a boolean, never SQLite's `0` and `1`).
    private static let never = "1 = 0"
    private static let always = "1 = 1"

    private func combined(_ filters: [CandidateFilter], with operator: String, empty: String) -> (sql: String, arguments: [String]) {
        guard !filters.isEmpty else { return (empty, []) }
        let parts = filters.map(\.condition)
        return (parts.map { "(\($0.sql))" }.joined(separator: `operator`), parts.flatMap(\.arguments))
    }

    private func monthDayCondition(
        column: String, calendar: CalendarSystem, monthDays: Set<Int>
    ) -> (sql: String, arguments: [String]) {
        guard !monthDays.isEmpty else { return (Self.never, []) }
        // The keys are integers the planner computed, never customer text: safe to inline.
        let keys = monthDays.sorted().map(String.init).joined(separator: ", ")
        return ("calendar = ? AND \(column) IN (\(keys))", [calendar.rawValue])
    }

    private func dateCondition(column: String, from: LocalDate?, through: LocalDate) -> (sql: String, arguments: [String]) {
        if let from {
            return ("\(column) BETWEEN ? AND ?", [from.description, through.description])
        }
        return ("\(column) <= ?", [through.description])
    }

    /// Whether the filter reads every customer.
    public var isEveryone: Bool { self == .everyone }

    /// Whether the store finds the filter's customers through an index (otherwise it scans).
    public var isIndexed: Bool {
        switch self {
        case .birthday, .firstOrderMonthDay, .lastOrderDate, .firstOrderDate: true
        case .textIn, .anyOf, .allOf, .everyone: false
        }
    }
}

/// The text columns of customers a ``CandidateFilter`` can test.
public enum CustomerTextColumn: String, CaseIterable, Hashable, Sendable {
    /// The calendar: `gregorian`, `persian`, `islamic-umalqura`.
    case calendar
    /// The ISO 3166 country code.
    case country
    /// The locale tag as imported.
    case locale
    /// The IANA time zone name as imported.
    case timeZone = "timezone"
}
