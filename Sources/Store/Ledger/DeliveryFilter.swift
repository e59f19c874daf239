import Calendars
import Foundation

/// Which send-ledger rows an operator asks for (`keepsake deliveries list`, `keepsake status`):
/// one status, and optionally one customers' local day and one campaign.
public struct DeliveryFilter: Hashable, Sendable {
    /// The rows' status.
    public var status: LedgerStatus
    /// Only rows for this customers' local day.
    public var day: LocalDate?
    /// Only rows of this campaign.
    public var campaignID: String?

    /// A filter on `status`, narrowed by `day` and `campaignID` when given.
    public init(status: LedgerStatus, day: LocalDate? = nil, campaignID: String? = nil) {
        self.status = status
        self.day = day
        self.campaignID = campaignID
    }

    /// The SQL condition and its arguments.
    var condition: (sql: String, arguments: StoreArguments) {
        var parts = ["status = ?"]
        var arguments: [(any StoreValueConvertible)?] = [status.rawValue]
        // `planned` is what an operator sees waiting: rows due, not a plan's rows ahead of their send instant.
        if status == .planned { parts.append("due_at IS NOT NULL") }
        if let day {
            parts.append("day = ?")
            arguments.append(day.description)
        }
        if let campaignID {
            parts.append("campaign_id = ?")
            arguments.append(campaignID)
        }
        return (parts.joined(separator: " AND "), StoreArguments(arguments))
    }
}

extension KeepsakeStore {
    /// The rows `filter` selects, oldest first, at most `limit`.
    public func deliveries(matching filter: DeliveryFilter, limit: Int) throws -> [LedgerDelivery] {
        let (condition, arguments) = filter.condition
        return try database.read { db in
            try LedgerDelivery.fetchAll(
                db, sql: "SELECT * FROM deliveries WHERE \(condition) ORDER BY id LIMIT ?",
                arguments: arguments + [limit])
        }
    }

    /// How many rows `filter` selects, however many there are.
    public func deliveryCount(matching filter: DeliveryFilter) throws -> Int {
        let (condition, arguments) = filter.condition
        return try database.read { db in
            try db.value(Int.self, sql: "SELECT COUNT(*) FROM deliveries WHERE \(condition)", arguments: arguments) ?? 0
        }
    }
}
