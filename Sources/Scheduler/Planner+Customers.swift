import Calendars
import Foundation
import Store

extension Planner {
    /// ``plan(now:days:campaignID:customerID:_:)`` for some customers only (the daemon re-plans
    /// the customers a change concerns): their entries on `days`, customer by customer in the
    /// order of `customerIDs`. An id no customer has any more (forgotten) is skipped.
    ///
    /// - Throws: ``PlannerError`` for days that end before `now`; or the store's errors.
    public func plan(
        now: Date, days: ClosedRange<LocalDate>, customerIDs: [String], _ body: (PlannedDelivery) throws -> Void
    ) throws {
        try checkPlanningReaches(days.upperBound, now: now)
        try store.readForPlanning { reader in
            let rules = try rules(now: now, lastDay: days.upperBound, reader: reader)
            for start in stride(from: 0, to: customerIDs.count, by: PlanningReader.defaultBatchSize) {
                let ids = customerIDs[start..<min(start + PlanningReader.defaultBatchSize, customerIDs.count)]
                let found = try reader.customers(ids: ids)
                for delivery in try schedule(ids.compactMap { found[$0] }, rules: rules, reader: reader)
                where days.contains(delivery.day) {
                    try body(delivery)
                }
            }
        }
    }
}

extension Planner {
    /// ``plan(now:days:campaignID:customerID:_:)`` handing over each batch of customers' entries with
    /// the customers' records, while the store is read: `keepsake preview` composes and prints as
    /// it goes, holding one batch at a time. Calls of the store made by `body` must read
    /// reentrantly (they run inside the planner's read).
    public func planByBatch(
        now: Date, days: ClosedRange<LocalDate>, campaignID: String? = nil, customerID: String? = nil,
        _ body: ([(delivery: PlannedDelivery, customer: CustomerRecord)]) throws -> Void
    ) throws {
        try forEachPlannedBatch(now: now, days: days, campaignID: campaignID, customerID: customerID) { batch, deliveries in
            // Only the records of customers with entries (on an ordinary day, a few of the batch).
            let listed = Set(deliveries.map(\.customerID))
            let records = Dictionary(
                batch.lazy.filter { listed.contains($0.id) }.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
            let entries = deliveries.compactMap { delivery in records[delivery.customerID].map { (delivery: delivery, customer: $0) } }
            if !entries.isEmpty { try body(entries) }
        }
    }

    /// The loop ``plan(now:days:campaignID:customerID:_:)`` and ``planByBatch(now:days:campaignID:customerID:_:)``
    /// share: each batch of customers with the entries of theirs that are handed over (on `days`,
    /// of `campaignID` when given), for batches that have any.
    func forEachPlannedBatch(
        now: Date, days: ClosedRange<LocalDate>, campaignID: String?, customerID: String?,
        _ body: ([CustomerRecord], [PlannedDelivery]) throws -> Void
    ) throws {
        if let campaignID, !campaigns.contains(where: { $0.id == campaignID }) {
            let known = campaigns.map(\.id).joined(separator: ", ")
            throw PlannerError(.unknownCampaign, "no campaign has the id \(campaignID); the campaigns are \(known)")
        }
        try checkPlanningReaches(days.upperBound, now: now)
        try store.readForPlanning { reader in
            let rules = try rules(now: now, lastDay: days.upperBound, reader: reader)
            try forEachBatch(rules: rules, customerID: customerID, reader: reader) { batch in
                var deliveries = try schedule(batch, rules: rules, reader: reader)
                deliveries.removeAll { !days.contains($0.day) || (campaignID != nil && $0.campaignID != campaignID) }
                if !deliveries.isEmpty { try body(batch, deliveries) }
            }
        }
    }
}
