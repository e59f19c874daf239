import Calendars
import Store

/// An occurrence the send ledger holds (due, sent, failed, dropped …): the planner never plans it again.
public struct HandedOverDelivery: Hashable, Sendable {
    /// Where the delivery stands in the send ledger; ``LedgerStatus/countsTowardCap`` says
    /// whether it took its day's share of the cap.
    public typealias Status = LedgerStatus

    /// Which occurrence.
    public var occurrence: OccurrenceID
    /// The customer's local day on which it was handed to the relay.
    public var day: LocalDate
    /// What became of it.
    public var status: Status
    /// Why it was dropped, for a `dropped` one.
    public var dropReason: HoldReason?

    /// Creates a ledger fact.
    public init(occurrence: OccurrenceID, day: LocalDate, status: Status, dropReason: HoldReason? = nil) {
        self.occurrence = occurrence
        self.day = day
        self.status = status
        self.dropReason = dropReason
    }
}

/// What has already gone out: the planner never plans an occurrence found here again, and counts
/// a customer's deliveries of a local day toward that day's cap. The daemon's send ledger
/// implements it; ``InMemoryDeliveryHistory`` serves previews on a fresh store and tests.
public protocol DeliveryHistory: Sendable {
    /// The ledger's facts about these occurrences, by occurrence (absent: never handed over).
    func handedOver(_ occurrences: Set<OccurrenceID>) throws -> [OccurrenceID: HandedOverDelivery]
    /// Every delivery handed over to these customers on local days in `days`.
    func handedOver(customerIDs: Set<String>, days: ClosedRange<LocalDate>) throws -> [HandedOverDelivery]
    /// Both at once, for `occurrences` of `customerIDs` only: what the planner asks per batch (the
    /// send ledger answers both from one read of the customers' rows).
    func handedOver(
        _ occurrences: Set<OccurrenceID>, customerIDs: Set<String>, days: ClosedRange<LocalDate>
    ) throws -> (facts: [OccurrenceID: HandedOverDelivery], onDays: [HandedOverDelivery])
}

extension DeliveryHistory {
    public func handedOver(
        _ occurrences: Set<OccurrenceID>, customerIDs: Set<String>, days: ClosedRange<LocalDate>
    ) throws -> (facts: [OccurrenceID: HandedOverDelivery], onDays: [HandedOverDelivery]) {
        (try handedOver(occurrences), try handedOver(customerIDs: customerIDs, days: days))
    }
}

/// A delivery history held in memory.
public struct InMemoryDeliveryHistory: DeliveryHistory, Hashable {
    /// The facts, by occurrence.
    public private(set) var deliveries: [OccurrenceID: HandedOverDelivery]

    /// A history holding `deliveries` (a later one for the same occurrence replaces an earlier one).
    public init(_ deliveries: [HandedOverDelivery] = []) {
        self.deliveries = [:]
        for delivery in deliveries { self.deliveries[delivery.occurrence] = delivery }
    }

    /// Adds or replaces the fact about one occurrence.
    public mutating func record(_ delivery: HandedOverDelivery) {
        deliveries[delivery.occurrence] = delivery
    }

    /// The facts about these occurrences.
    public func handedOver(_ occurrences: Set<OccurrenceID>) -> [OccurrenceID: HandedOverDelivery] {
        Dictionary(uniqueKeysWithValues: occurrences.compactMap { id in deliveries[id].map { (id, $0) } })
    }

    /// The deliveries to these customers on these days.
    public func handedOver(customerIDs: Set<String>, days: ClosedRange<LocalDate>) -> [HandedOverDelivery] {
        deliveries.values.filter { customerIDs.contains($0.occurrence.customerID) && days.contains($0.day) }
    }
}
