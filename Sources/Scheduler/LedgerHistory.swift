import Calendars
import Store

/// The send ledger as the planner's ``DeliveryHistory``: the daemon and `keepsake preview` both
/// plan with it, so a preview shows what the daemon will do given what it already did.
public struct LedgerHistory: DeliveryHistory {
    let store: KeepsakeStore

    /// The history held in `store`'s send ledger.
    public init(store: KeepsakeStore) {
        self.store = store
    }

    public func handedOver(_ occurrences: Set<OccurrenceID>) throws -> [OccurrenceID: HandedOverDelivery] {
        var result: [OccurrenceID: HandedOverDelivery] = [:]
        for fact in try facts(customerIDs: Set(occurrences.map(\.customerID))) where occurrences.contains(fact.occurrence) {
            result[fact.occurrence] = fact
        }
        return result
    }

    public func handedOver(customerIDs: Set<String>, days: ClosedRange<LocalDate>) throws -> [HandedOverDelivery] {
        try facts(customerIDs: customerIDs).filter { days.contains($0.day) }
    }

    public func handedOver(
        _ occurrences: Set<OccurrenceID>, customerIDs: Set<String>, days: ClosedRange<LocalDate>
    ) throws -> (facts: [OccurrenceID: HandedOverDelivery], onDays: [HandedOverDelivery]) {
        var facts: [OccurrenceID: HandedOverDelivery] = [:]
        var onDays: [HandedOverDelivery] = []
        for fact in try self.facts(customerIDs: customerIDs) {
            if occurrences.contains(fact.occurrence) { facts[fact.occurrence] = fact }
            if days.contains(fact.day) { onDays.append(fact) }
        }
        return (facts, onDays)
    }

    private func facts(customerIDs: Set<String>) throws -> [HandedOverDelivery] {
        try store.deliveries(customerIDs: customerIDs).compactMap { row in
            guard let customerID = row.customerID else { return nil }
            // A drop decided in advance waits as `planned` until its day's window opens; it is a drop.
            return HandedOverDelivery(
                occurrence: OccurrenceID(campaignID: row.campaignID, customerID: customerID, date: row.occurrenceDate),
                day: row.day, status: row.droppedBy == nil ? row.status : .dropped,
                dropReason: row.droppedBy.map(HoldReason.init(droppedBy:)))
        }
    }
}
