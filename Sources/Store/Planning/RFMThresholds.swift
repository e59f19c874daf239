import Calendars
import Foundation

/// The quintile boundaries of the store's customers who ordered, for the RFM scores of segment
/// conditions (`recency`, `frequency`, `monetary`, each 1–5, 5 the best).
///
/// Each list holds four ascending boundaries; a value scores 1 plus the number of boundaries it
/// reaches. Customers without an order have no scores.
public struct RFMThresholds: Hashable, Sendable {
    /// Boundaries of the last order's local day number (later is more recent, so better).
    public var recency: [Double]
    /// Boundaries of the number of orders.
    public var frequency: [Double]
    /// Boundaries of the total spent.
    public var monetary: [Double]

    /// Creates thresholds from boundaries already computed.
    public init(recency: [Double], frequency: [Double], monetary: [Double]) {
        self.recency = recency
        self.frequency = frequency
        self.monetary = monetary
    }

    /// The score, 1–5, of `value` against ascending `boundaries`.
    public static func score(_ value: Double, boundaries: [Double]) -> Int {
        1 + boundaries.count { value >= $0 }
    }

    /// The four quintile boundaries of `values` (sorted here): the values at 20, 40, 60 and 80 %.
    public static func quintileBoundaries(_ values: [Double]) -> [Double] {
        guard !values.isEmpty else { return [] }
        let sorted = values.sorted()
        return (1...4).map { sorted[min(sorted.count - 1, sorted.count * $0 / 5)] }
    }
}

extension PlanningReader {
    /// The quintile boundaries over every customer with at least one order.
    public func rfmThresholds() throws -> RFMThresholds {
        var recency: [Double] = []
        var frequency: [Double] = []
        var monetary: [Double] = []
        try db.forEachRow(
            sql: "SELECT last_order_local_date, orders_count, total_spent FROM customers WHERE orders_count > 0"
        ) { row in
            if let text = try row[0] as String?, let date = try? LocalDate(parsing: text) {
                recency.append(Double(date.dayNumber))
            }
            frequency.append(Double(try row[1] as Int))
            if let total = StoredText.decimal(try row[2] as String) {
                monetary.append(NSDecimalNumber(decimal: total).doubleValue)
            }
        }
        return RFMThresholds(
            recency: RFMThresholds.quintileBoundaries(recency),
            frequency: RFMThresholds.quintileBoundaries(frequency),
            monetary: RFMThresholds.quintileBoundaries(monetary))
    }
}
