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
        /// The customer left the campaign's topic in the preference centre.
        case topicLeft(String)
        /// The customer paused all mail until this date (the occurrence is due before it).
        case paused(until: LocalDate)
        /// The customer's address is on the suppression list (a hard bounce, an operator): no mail,
        /// whatever its consent.
        case suppressed(Suppression)
        /// It goes out that day.
        case due(PlannedDelivery)
        /// It is held back that day (capped by another campaign, a blackout, a closed window):
        /// deferred to a later day of its grace, or dropped.
        case held(PlannedDelivery)
        /// It goes out on another day of its grace (after being held back, or earlier).
        case otherDay(PlannedDelivery)
        /// Due that day, and kept from being mailed by the campaign's holdout (the report's baseline).
        case heldOut(PlannedDelivery)
    }

    /// One line for people, such as `birthday: capped by nowruz; dropped`.
    public var description: String {
        let text: String
        switch verdict {
        case .disabled: text = "disabled (enabled: false)"
        case let .outsideDates(start, end):
            text = "not running that day (start: \(start.map(\.description) ?? "-"), end: \(end.map(\.description) ?? "-"))"
        case .notDue(let next): text = "trigger not due" + (next.map { "; next due \($0)" } ?? "; never due again")
        case .alreadySent(let delivery): text = "already \(delivery.statusText) on \(delivery.day)"
        case .noSegmentMatched: text = "no segment matched"
        case .noConsent(let status): text = "no consent (\(status.map { "latest event \($0.rawValue)" } ?? "no consent event"))"
        case .topicLeft(let topic): text = "the customer left the topic \(topic) (preference centre); no mail of it"
        case .paused(let until): text = "the customer paused all mail until \(until) (preference centre)"
        case .suppressed(let suppression):
            text = "suppressed since \(suppression.createdAt.ISO8601Format()) by \(suppression.createdBy), "
                + "reason \(suppression.reason)\(suppression.reply.map { " (relay reply: \($0))" } ?? ""); "
                + "no mail whatever its consent (keepsake suppression remove lifts it)"
        case .due(let delivery):
            text = "due: \(delivery.segment) segment, template \(delivery.template), at \(delivery.sendAtText)"
        case .held(let delivery):
            switch delivery.status {
            case .dropped(let reason): text = "\(reason); dropped (its grace ends that day)"
            case .deferred(let reason): text = "\(reason); deferred to a later day of its grace"
            default: text = "\(delivery.status)"
            }
        case .heldOut(let delivery):
            text = "held out: \(delivery.segment) segment, not mailed (the campaign's holdout; it takes the day's cap slot)"
        case .otherDay(let delivery):
            text = "\(delivery.statusText) on \(delivery.day) (due \(delivery.dueDate)), not on this day"
        }
        return "\(campaignID): \(text)"
    }
}

extension Planner {
    /// For each campaign in priority order, whether it sends to the customer on their local day
    /// `date`, and why not. It is the simulation of ``plan(now:days:campaignID:customerID:_:)``
    /// from the same `now` (the daemon's days from `now` to `date`), so it gives the same verdict
    /// as a preview started at that instant: an occurrence planned on an earlier day is named there.
    ///
    /// - Throws: ``PlannerError`` `unknownCustomer`, `invalidRange` when `date` ends before
    ///   planning starts, or the store's errors.
    public func explain(customer idOrEmail: String, date: LocalDate, now: Date) throws -> [CampaignExplanation] {
        try checkPlanningReaches(date, now: now)
        return try store.readForPlanning { reader in
            let record = try customer(idOrEmail, reader: reader)
            let rules = try rules(now: now, lastDay: date, reader: reader)
            let candidates = CustomerCandidates(customer: record, rules: rules)
            let view = try reader.consentView(of: [record])[record.id]
            let consent = view?.status
            let suppression = consent == nil ? try reader.suppression(of: record.email) : nil
            let deliveries = try schedule([record], rules: rules, reader: reader)
            return campaigns.enumerated().map { priority, campaign in
                CampaignExplanation(campaignID: campaign.id, verdict: verdict(
                    campaign, priority: priority, date: date, candidates: candidates,
                    refusal: suppression.map { .suppressed($0) } ?? .noConsent(consent), consent: view,
                    deliveries: deliveries.filter { $0.campaignID == campaign.id }))
            }
        }
    }

    private func verdict(
        _ campaign: Campaign, priority: Int, date: LocalDate, candidates: CustomerCandidates,
        refusal: CampaignExplanation.Verdict, consent: CustomerConsent?, deliveries: [PlannedDelivery]
    ) -> CampaignExplanation.Verdict {
        guard campaign.isEnabled else { return .disabled }
        guard campaign.isActive(on: date) else { return .outsideDates(start: campaign.start, end: campaign.end) }
        // The occurrence on the day, else one whose grace covers the day (planned on another day of it).
        if let delivery = deliveries.first(where: { $0.day == date })
            ?? deliveries.first(where: { $0.dueDate <= date && date <= $0.lastDay }) {
            switch delivery.status {
            case .handedOver: return .alreadySent(delivery)
            case .planned: return delivery.day == date ? .due(delivery) : .otherDay(delivery)
            case .heldOut: return delivery.day == date ? .heldOut(delivery) : .otherDay(delivery)
            case .deferred, .dropped: return delivery.day == date ? .held(delivery) : .otherDay(delivery)
            }
        }
        // Only an occurrence whose grace covers the day concerns it.
        if let pending = candidates.pending.first(where: {
            $0.priority == priority && $0.occurrence.due <= date && date <= $0.lastDay
        }) {
            guard let consent, consent.status == .optedIn else { return refusal }
            if let topic = campaign.topic?.text, consent.topicsLeft.contains(topic) { return .topicLeft(topic) }
            if let until = consent.pausedUntil, pending.occurrence.due < until { return .paused(until: until) }
        }
        if candidates.unmatched.contains(where: {
            $0.priority == priority && $0.occurrence.due <= date && date <= $0.occurrence.due.adding(days: campaign.graceDays)
        }) {
            return .noSegmentMatched
        }
        let trigger = TriggerOccurrences(
            trigger: campaign.trigger, customer: candidates.customer, timeZone: candidates.timeZone)
        return .notDue(next: trigger.next(dueOnOrAfter: date.adding(days: 1))?.due)
    }
}
