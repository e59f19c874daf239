import Calendars
import Campaigns
import Foundation
import Store

/// Why one campaign does or does not send to one customer on one local day (`keepsake explain`).
public struct CampaignExplanation: Hashable, Sendable, CustomStringConvertible {
    /// The campaign's id.
    public var campaignID: String
    /// The verdict.
    public var verdict: Verdict

    /// Creates an explanation.
    public init(campaignID: String, verdict: Verdict) {
        self.campaignID = campaignID
        self.verdict = verdict
    }

    /// The verdicts, in the order they are checked.
    public enum Verdict: Hashable, Sendable {
        /// `enabled: false`.
        case disabled
        /// The day is before the campaign's `start:` or after its `end:`.
        case outsideDates(start: LocalDate?, end: LocalDate?)
        /// The trigger is not due that day (nor within its grace); the next due date, if any.
        case notDue(next: LocalDate?)
        /// The occurrence due is already in the send ledger.
        case alreadySent(PlannedDelivery)
        /// The customer matches none of the campaign's segments.
        case noSegmentMatched
        /// The customer's address has no opt-in: its latest consent event, or nil when it has none.
        case noConsent(ConsentStatus?)
        /// It goes out that day.
        case due(PlannedDelivery)
        /// It is held back that day (capped by another campaign, a blackout, a closed window):
        /// deferred to a later day of its grace, or dropped.
        case held(PlannedDelivery)
        /// It goes out on another day of its grace (after being held back, or earlier).
        case otherDay(PlannedDelivery)
    }

    /// One line for people, such as `birthday: capped by nowruz; dropped`.
    public var description: String {
        let text: String
        switch verdict {
        case .disabled: text = "disabled (enabled: false)"
        case let .outsideDates(start, end):
            text = "not running that day (start: \(start.map(\.description) ?? "-"), end: \(end.map(\.description) ?? "-"))"
        case .notDue(let next): text = "trigger not due" + (next.map { "; next due \($0)" } ?? "; never due again")
        case .alreadySent(let delivery): text = "already \(delivery.status) on \(delivery.day)"
        case .noSegmentMatched: text = "no segment matched"
        case .noConsent(let status): text = "no consent (\(status.map { "latest event \($0.rawValue)" } ?? "no consent event"))"
        case .due(let delivery):
            text = "due: \(delivery.segment) segment, template \(delivery.template), at \(delivery.sendAtText)"
        case .held(let delivery):
            switch delivery.status {
            case .dropped(let reason): text = "\(reason); dropped (its grace ends that day)"
            case .deferred(let reason): text = "\(reason); deferred to a later day of its grace"
            default: text = "\(delivery.status)"
            }
        case .otherDay(let delivery): text = "\(delivery.status) on \(delivery.day) instead (due \(delivery.dueDate))"
        }
        return "\(campaignID): \(text)"
    }
}

extension Planner {
    /// For each campaign in priority order, whether it sends to the customer on their local day
    /// `date`, and why not. Planning starts at `now`; by default at the start of `date` in the
    /// customer's time zone, so an occurrence due earlier but still within its grace counts.
    ///
    /// - Throws: ``PlannerError`` `unknownCustomer`, or the store's errors.
    public func explain(customer idOrEmail: String, date: LocalDate, now: Date? = nil) throws -> [CampaignExplanation] {
        try store.readForPlanning { reader in
            let record = try customer(idOrEmail, reader: reader)
            let zone = calendar.timeZone(of: record)
            let start = now ?? date.instant(hour: 0, minute: 0, in: zone)
            let rules = try rules(now: start, lastDay: date, reader: reader)
            let candidates = CustomerCandidates(customer: record, rules: rules)
            let consent = try reader.consent(of: [record])[record.id]
            let deliveries = try schedule([record], rules: rules, reader: reader)
            return campaigns.enumerated().map { priority, campaign in
                CampaignExplanation(campaignID: campaign.id, verdict: verdict(
                    campaign, priority: priority, date: date, candidates: candidates, consent: consent,
                    deliveries: deliveries.filter { $0.campaignID == campaign.id }))
            }
        }
    }

    private func verdict(
        _ campaign: Campaign, priority: Int, date: LocalDate, candidates: CustomerCandidates, consent: ConsentStatus?,
        deliveries: [PlannedDelivery]
    ) -> CampaignExplanation.Verdict {
        guard campaign.isEnabled else { return .disabled }
        guard campaign.isActive(on: date) else { return .outsideDates(start: campaign.start, end: campaign.end) }
        if let delivery = deliveries.first(where: { $0.day == date }) ?? deliveries.first {
            switch delivery.status {
            case .handedOver: return .alreadySent(delivery)
            case .planned: return delivery.day == date ? .due(delivery) : .otherDay(delivery)
            case .deferred, .dropped: return delivery.day == date ? .held(delivery) : .otherDay(delivery)
            }
        }
        if consent != .optedIn, candidates.pending.contains(where: { $0.priority == priority }) {
            return .noConsent(consent)
        }
        if candidates.unmatched.contains(where: { $0.priority == priority }) { return .noSegmentMatched }
        let trigger = TriggerOccurrences(
            trigger: campaign.trigger, customer: candidates.customer, timeZone: candidates.timeZone)
        return .notDue(next: trigger.next(dueOnOrAfter: date.adding(days: 1))?.due)
    }
}
