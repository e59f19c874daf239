import Calendars
import Foundation
import Store

/// The retention figures, added up one customer at a time over the orders placed before the
/// period's end: only counts are kept, never the orders.
struct RetentionTally {
    /// The end of the period and the instant before which a customer's last order makes them churned.
    let end: Date
    let churnedBefore: Date
    /// The month number of the first of the twelve cohorts (the period's last month and the eleven before it).
    let firstCohort: Int
    private var figures = Retention()
    private var cohortCustomers = [Int](repeating: 0, count: 12)
    private var cohortActive = (0..<12).map { [Int](repeating: 0, count: 12 - $0) }

    init(end: Date, churnDays: Int) {
        self.end = end
        churnedBefore = end - TimeInterval(churnDays * 86_400)
        firstCohort = MonthNumber.of(end - 1) - 11
    }

    /// The figures of the customers added so far.
    var retention: Retention {
        var retention = figures
        retention.cohorts = (0..<12).map { index in
            Cohort(month: MonthNumber.text(firstCohort + index), customers: cohortCustomers[index], active: cohortActive[index])
        }
        return retention
    }

    /// Distinct customers sent a win-back delivery in the period who ordered within its window.
    var wonBackCustomers: Int {
        get { figures.wonBackCustomers }
        set { figures.wonBackCustomers = newValue }
    }

    /// Adds one customer's counted orders, by time.
    mutating func add(_ orders: [ReportOrder]) {
        let counted = orders.prefix { $0.placedAt < end }
        guard let first = counted.first, let last = counted.last else { return }
        figures.customers += 1
        figures.orders += counted.count
        for order in counted { figures.revenue += order.total }
        if counted.count >= 2 { figures.repeatCustomers += 1 }
        if last.placedAt < churnedBefore { figures.churnedCustomers += 1 }
        let cohort = MonthNumber.of(first.placedAt)
        guard cohort >= firstCohort else { return }
        let index = cohort - firstCohort
        cohortCustomers[index] += 1
        // Each month counts a customer once: the orders are by time, so a month's orders are together.
        var previous = -1
        for order in counted {
            let offset = MonthNumber.of(order.placedAt) - cohort
            if offset != previous, offset < cohortActive[index].count { cohortActive[index][offset] += 1 }
            previous = offset
        }
    }

    static let utc = TimeZone(identifier: "UTC")!
}

/// Months counted from year 0: `year · 12 + month − 1`.
enum MonthNumber {
    static func of(_ date: LocalDate) -> Int { date.year * 12 + date.month - 1 }

    /// The month an instant falls in, in UTC.
    static func of(_ instant: Date) -> Int {
        of(LocalDate(dayNumber: Int((instant.timeIntervalSince1970 / 86_400).rounded(.down))))
    }

    /// `YYYY-MM`.
    static func text(_ number: Int) -> String {
        let month = number % 12 + 1
        return "\(number / 12)-\(month < 10 ? "0" : "")\(month)"
    }
}
