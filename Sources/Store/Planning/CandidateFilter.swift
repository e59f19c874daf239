import Calendars

/// Which customers a planner reads for a stretch of days: only those a trigger can concern,
/// found through the store's indexes, or everyone for triggers that concern everyone.
///
/// The month-day keys are in each customer's own calendar (`month * 100 + day`); the local
/// dates are the customer's local days of their orders, as the import computed them (in the
/// customer's time zone, UTC when they have none), so a caller widens ranges by a day and checks
/// each customer's own dates again.
public enum CandidateFilter: Hashable, Sendable {
    /// Customers of `calendar` whose birthday month-day is one of `monthDays`.
    case birthday(calendar: CalendarSystem, monthDays: Set<Int>)
    /// Customers of `calendar` whose first order's month-day (in that calendar) is one of `monthDays`.
    case firstOrderMonthDay(calendar: CalendarSystem, monthDays: Set<Int>)
    /// Customers whose last order's local date is in the range; no lower bound when `from` is nil.
    case lastOrderDate(from: LocalDate?, through: LocalDate)
    /// Customers whose first order's local date is in the range; no lower bound when `from` is nil.
    case firstOrderDate(from: LocalDate?, through: LocalDate)
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
        case .everyone:
            return ("1", [])
        }
    }

    private func monthDayCondition(
        column: String, calendar: CalendarSystem, monthDays: Set<Int>
    ) -> (sql: String, arguments: [String]) {
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
}
