import Calendars
import Campaigns
import Foundation
import Store

/// Plays one customer's days from the start of planning to the last day, the way the daemon
/// would: each day, in campaign priority order, an occurrence goes out if the day is no
/// blackout, its window is still open and the customer's caps have room (the day's, then those
/// across days: ``SpacingTally``); otherwise it waits for the next day of its grace, or is
/// dropped on the last one. Days are played in order, so an earlier day's mail takes a cap's
/// room before a later day's, whatever their priorities; on one day, priority decides.
struct CustomerSchedule {
    let candidates: CustomerCandidates
    let rules: PlanningRules

    /// Every entry of the customer's plan: handed-over occurrences from the ledger, then each
    /// pending occurrence as planned, still deferred at the end, or dropped. Empty without opt-in.
    ///
    /// - Parameters:
    ///   - consent: The customer's address's current consent; only `optedIn` receives mail, and
    ///     none of a topic the customer left, nor any due before the end of their pause.
    ///   - ledger: The ledger's facts about the customer's pending occurrences.
    ///   - handedOver: The customer's deliveries handed over on planned days and the days before
    ///     that the caps across days look back on (they use the caps).
    func deliveries(
        consent: CustomerConsent?, ledger: [OccurrenceID: HandedOverDelivery], handedOver: [HandedOverDelivery]
    ) -> [PlannedDelivery] {
        var result: [PlannedDelivery] = []
        var waiting: [(pending: PendingOccurrence, deferrals: [Deferral])] = []
        for pending in candidates.pending {
            if let fact = ledger[pending.id] {
                var delivery = entry(pending, day: fact.day, status: .handedOver(fact.status), deferrals: [])
                delivery.dropReason = fact.dropReason
                result.append(delivery)
            } else if let consent, consent.allows(
                topic: rules.campaigns[pending.priority].topic?.text, on: pending.occurrence.due) {
                waiting.append((pending, []))
            }
        }
        guard !waiting.isEmpty else { return result }
        let priorities = rules.priorities
        var day = candidates.firstDay
        var tally = SpacingTally(handedOver)
        while day <= rules.lastDay && !waiting.isEmpty {
            let window = rules.window(on: day, in: candidates.timeZone)
            let hold: HoldReason? = rules.calendar.isBlackedOut(day) ? .blackout
                : window.closes <= rules.now ? .windowClosed : nil
            var takers = handedOver.filter { $0.day == day && $0.status.countsTowardCap }
                .map(\.occurrence.campaignID).sorted { priorities[$0, default: .max] < priorities[$1, default: .max] }
            var stillWaiting: [(pending: PendingOccurrence, deferrals: [Deferral])] = []
            for (pending, deferrals) in waiting.sorted(by: { ($0.pending.priority, $0.pending.occurrence.due)
                < ($1.pending.priority, $1.pending.occurrence.due) }) {
                guard pending.occurrence.due <= day, rules.campaigns[pending.priority].isActive(on: day) else {
                    stillWaiting.append((pending, deferrals))
                    continue
                }
                let reason = hold ?? (takers.count >= rules.calendar.maxPerDay ? .capped(by: takers[0]) : nil)
                    ?? tally.hold(rules.campaigns[pending.priority], on: day, spacing: rules.calendar.spacing,
                                  customerCap: candidates.frequencyCap).map(HoldReason.spacing)
                guard let reason else {
                    // A held-out delivery takes the cap slot too: no other campaign mails the customer instead.
                    takers.append(pending.id.campaignID)
                    tally.add(day: day, campaignID: pending.id.campaignID)
                    let heldOut = rules.holdouts[pending.priority].holdsOut(pending.id)
                    result.append(entry(pending, day: day, status: heldOut ? .heldOut : .planned, deferrals: deferrals,
                                        sendAt: max(window.opens, rules.now)))
                    continue
                }
                if day >= pending.lastDay {
                    result.append(entry(pending, day: day, status: .dropped(reason), deferrals: deferrals))
                } else {
                    stillWaiting.append((pending, deferrals + [Deferral(day: day, reason: reason)]))
                }
            }
            waiting = stillWaiting.filter { $0.pending.lastDay > day }
            day = day.adding(days: 1)
        }
        for (pending, deferrals) in waiting {
            guard let last = deferrals.last else { continue }
            result.append(entry(pending, day: last.day, status: .deferred(last.reason), deferrals: Array(deferrals.dropLast())))
        }
        return result
    }

    /// A delivery entry for `pending` on `day`.
    private func entry(
        _ pending: PendingOccurrence, day: LocalDate, status: DeliveryStatus, deferrals: [Deferral], sendAt: Date? = nil
    ) -> PlannedDelivery {
        let customer = candidates.customer
        return PlannedDelivery(
            occurrence: pending.id, email: customer.email.description, segment: pending.segment.name,
            template: pending.segment.template.text, locale: rules.locale(of: customer),
            dueDate: pending.occurrence.due, day: day,
            sendAt: sendAt ?? rules.window(on: day, in: candidates.timeZone).opens,
            timeZone: candidates.timeZone, years: pending.occurrence.years, status: status, deferrals: deferrals,
            lastDay: max(pending.lastDay, day))
    }
}
