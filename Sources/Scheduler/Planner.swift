import Calendars
import Campaigns
import Foundation
import Store

/// Works out which campaign messages go to whom on which local days, as the daemon would send
/// them: consent, triggers, segments, start and end, the send window, blackouts, the daily cap
/// in priority order, grace and catch-up, with the send ledger (``DeliveryHistory``) as fact.
///
/// ```swift
/// let planner = Planner(calendar: set.calendar!, campaigns: set.campaigns, store: store,
///                       history: InMemoryDeliveryHistory())
/// let day = try LocalDate(parsing: "2026-03-21")
/// for delivery in try planner.plan(now: Date(), days: day...day) {
///     print(delivery.campaignID, delivery.customerID, delivery.sendAtText, delivery.status)
/// }
/// ```
///
/// Only each stretch's candidates are read, through the store's indexes (birthdays and
/// anniversaries by month-day in each calendar, orders by local date); a dated or yearly-date
/// campaign concerns everyone, and then the store is streamed in batches.
public struct Planner: Sendable {
    /// The shared rules.
    public let calendar: CommunicationCalendar
    /// The campaigns in priority order.
    public let campaigns: [Campaign]
    let store: KeepsakeStore
    let history: any DeliveryHistory
    /// The customers' own caps across days (the preference centre's frequency choice).
    let frequencyCaps: any CustomerFrequencyCaps

    /// Creates a planner over a store and a send ledger, with the customers' own caps, if any.
    public init(
        calendar: CommunicationCalendar, campaigns: [Campaign], store: KeepsakeStore, history: any DeliveryHistory,
        frequencyCaps: any CustomerFrequencyCaps = InMemoryFrequencyCaps()
    ) {
        self.calendar = calendar
        self.campaigns = campaigns
        self.store = store
        self.history = history
        self.frequencyCaps = frequencyCaps
    }

    /// Simulates the daemon from `now` to the end of the last of `days` (each customer's own local
    /// days) and hands over every entry whose ``PlannedDelivery/day`` is one of `days`: planned,
    /// deferred past the last day, dropped, or already in the ledger. Every campaign is simulated
    /// (they share the cap); `campaignID` and `customerID` only narrow what is handed over.
    ///
    /// - Throws: ``PlannerError`` for an unknown customer or campaign, or days that end before
    ///   `now`; or the store's errors.
    public func plan(
        now: Date, days: ClosedRange<LocalDate>, campaignID: String? = nil, customerID: String? = nil,
        _ body: (PlannedDelivery) throws -> Void
    ) throws {
        try forEachPlannedBatch(now: now, days: days, campaignID: campaignID, customerID: customerID) { _, deliveries in
            for delivery in deliveries { try body(delivery) }
        }
    }

    /// ``plan(now:days:campaignID:customerID:_:)`` collected into an array.
    public func plan(
        now: Date, days: ClosedRange<LocalDate>, campaignID: String? = nil, customerID: String? = nil
    ) throws -> [PlannedDelivery] {
        var deliveries: [PlannedDelivery] = []
        try plan(now: now, days: days, campaignID: campaignID, customerID: customerID) { deliveries.append($0) }
        return deliveries
    }

    /// Refuses a last day that ends before planning starts at `now` (nothing can be planned for it).
    func checkPlanningReaches(_ lastDay: LocalDate, now: Date) throws {
        let earliest = LocalDate(now, in: TimeZone(identifier: "UTC")!).adding(days: -1)
        guard lastDay >= earliest else {
            throw PlannerError(
                .invalidRange,
                "the requested days end on \(lastDay), before planning starts (\(ZonedTimestamp.text(now, in: calendar.timeZone))); "
                    + "ask for \(earliest.adding(days: 1)) or later, or set the planning instant (--now) earlier")
        }
    }

    /// The rules of one planning run, with RFM quintiles when some segment reads a score.
    func rules(now: Date, lastDay: LocalDate, reader: PlanningReader) throws -> PlanningRules {
        let readsScores = campaigns.contains { $0.segmentFields.contains(where: \.isScore) }
        return PlanningRules(
            calendar: calendar, campaigns: campaigns, now: now, lastDay: lastDay,
            rfm: readsScores ? try reader.rfmThresholds() : nil)
    }

    /// Hands `body` the candidates in batches: one customer, the whole store, or the union of the
    /// indexed queries.
    func forEachBatch(
        rules: PlanningRules, customerID: String?, reader: PlanningReader, _ body: ([CustomerRecord]) throws -> Void
    ) throws {
        if let customerID {
            try body([try customer(customerID, reader: reader)])
            return
        }
        let filters = CandidateFilters.filters(for: campaigns, now: rules.now, lastDay: rules.lastDay)
        if filters == [.everyone] {
            try reader.customers(.everyone, body)
            return
        }
        if !filters.allSatisfy(\.isIndexed) {
            // Some campaign needs a scan anyway: one scan for all of them.
            try reader.customers(.anyOf(filters), body)
            return
        }
        var byID: [String: CustomerRecord] = [:]
        for filter in filters {
            for customer in try reader.customers(filter) { byID[customer.id] = customer }
        }
        let all = byID.keys.sorted().map { byID[$0]! }
        for start in stride(from: 0, to: all.count, by: PlanningReader.defaultBatchSize) {
            try body(Array(all[start..<min(start + PlanningReader.defaultBatchSize, all.count)]))
        }
    }

    /// The customer with this id, else the first with this email address.
    func customer(_ idOrEmail: String, reader: PlanningReader) throws -> CustomerRecord {
        guard let customer = try reader.customer(idOrEmail: idOrEmail) else {
            throw PlannerError(
                .unknownCustomer,
                "no customer has the id or email \(idOrEmail); check it with keepsake customers show")
        }
        return customer
    }

    /// Every entry of the batch's customers' plans, customer by customer.
    func schedule(_ batch: [CustomerRecord], rules: PlanningRules, reader: PlanningReader) throws -> [PlannedDelivery] {
        // One array, built once: a candidate holds the customer's whole record, and copies cost.
        var candidates: [CustomerCandidates] = []
        candidates.reserveCapacity(batch.count)
        var candidateRecords: [CustomerRecord] = []
        candidateRecords.reserveCapacity(batch.count)
        for customer in batch {
            let candidate = CustomerCandidates(customer: customer, rules: rules)
            guard !candidate.pending.isEmpty else { continue }
            candidates.append(candidate)
            candidateRecords.append(customer)
        }
        guard !candidates.isEmpty else { return [] }
        let customerIDs = Set(candidateRecords.map(\.id))
        let consent = try reader.consentView(of: candidateRecords)
        // A customer's own cap: the preference centre's "at most one mail a month", or one given to the planner.
        var caps = try frequencyCaps.frequencyCaps(customerIDs: customerIDs)
        for (id, view) in consent where view.frequency == .monthly && caps[id] == nil { caps[id] = .oncePerMonth }
        for index in candidates.indices { candidates[index].frequencyCap = caps[candidates[index].customer.id] }
        let firstDay = candidates.map(\.firstDay).min()!
        let lookback = rules.spacingLookback(customerCap: caps.values.map(\.days).max() ?? 0)
        let (ledger, handedOver) = try history.handedOver(
            Set(candidates.flatMap(\.occurrenceIDs)), customerIDs: customerIDs,
            days: firstDay.adding(days: -lookback)...max(firstDay, rules.lastDay))
        let handedOverByCustomer = Dictionary(grouping: handedOver, by: \.occurrence.customerID)
        var deliveries: [PlannedDelivery] = []
        deliveries.reserveCapacity(candidates.count)
        for candidate in candidates {
            let id = candidate.customer.id
            deliveries += CustomerSchedule(candidates: candidate, rules: rules).deliveries(
                consent: consent[id], ledger: ledger, handedOver: handedOverByCustomer[id] ?? [])
        }
        return deliveries
    }
}
