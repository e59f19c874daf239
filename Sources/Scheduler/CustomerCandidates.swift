import Calendars
import Campaigns
import Foundation
import Store

/// An occurrence due for a customer in the planned stretch whose segment matched, waiting for
/// consent, the ledger and a day with room.
struct PendingOccurrence: Hashable, Sendable {
    /// The campaign's place in the calendar's priority order.
    let priority: Int
    let id: OccurrenceID
    let occurrence: Occurrence
    /// The last local day it may go out (its grace, or a catch-up's fresh grace).
    let lastDay: LocalDate
    let segment: Segment
}

/// One customer's occurrences due in the planned stretch, found from their own dates.
struct CustomerCandidates: Sendable {
    let customer: CustomerRecord
    let timeZone: TimeZone
    /// The customer's local day when planning starts.
    let firstDay: LocalDate
    /// Occurrences whose segment matched, by priority then date.
    var pending: [PendingOccurrence] = []
    /// Occurrences due but matching no segment, by campaign priority (for explain).
    var unmatched: [(priority: Int, occurrence: Occurrence)] = []
    /// The customer's own cap across days, if they chose one: it applies beside the calendar's,
    /// so the stricter wins. The planner sets it from its ``CustomerFrequencyCaps``.
    var frequencyCap: CustomerFrequencyCap?

    /// Finds the customer's occurrences of every enabled campaign due from the first day less
    /// the campaign's grace through the last day, plus a catch-up campaign's latest overdue one.
    init(customer: CustomerRecord, rules: PlanningRules) {
        self.customer = customer
        timeZone = rules.timeZone(of: customer)
        firstDay = rules.firstDay(in: timeZone)
        let dates = CustomerDates(customer, timeZone: timeZone)
        // By index, each field read in place: binding a campaign to a name would copy it (and
        // retain all it holds) per customer and campaign.
        let campaigns = rules.campaigns
        for priority in campaigns.indices where campaigns[priority].isEnabled {
            let grace = campaigns[priority].graceDays
            let earliest = firstDay.adding(days: -grace)
            guard earliest <= rules.lastDay else { continue }
            let trigger = TriggerOccurrences(trigger: campaigns[priority].trigger, dates: dates, prepared: rules.triggers[priority])
            var found = trigger.occurrences(dueIn: earliest...rules.lastDay).map { ($0, $0.due.adding(days: grace)) }
            if campaigns[priority].catchUp, let overdue = trigger.latest(dueBefore: earliest) {
                found.insert((overdue, firstDay.adding(days: grace)), at: 0)
            }
            for (occurrence, lastDay) in found {
                let subject = CustomerSubject(
                    customer: customer, timeZone: timeZone, day: max(occurrence.due, firstDay), rfm: rules.rfm)
                guard let segment = campaigns[priority].segment(for: subject) else {
                    unmatched.append((priority, occurrence))
                    continue
                }
                let id = OccurrenceID(campaignID: campaigns[priority].id, customerID: customer.id, date: occurrence.date)
                pending.append(PendingOccurrence(
                    priority: priority, id: id, occurrence: occurrence, lastDay: lastDay, segment: segment))
            }
        }
    }

    /// The identities of the pending occurrences, for one ledger look-up per batch.
    var occurrenceIDs: [OccurrenceID] { pending.map(\.id) }
}
