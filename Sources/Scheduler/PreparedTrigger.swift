import Calendars
import Campaigns
import Foundation

/// What one planning run works out once per campaign instead of once per customer: the
/// occurrences of a trigger that is the same for everyone, and the month-day keys a yearly
/// trigger can fall on in the planned stretch (the same keys the store is queried by).
struct PreparedTrigger: Sendable {
    /// For a dated or yearly-date trigger, its occurrences due in the stretch (and, for
    /// catch-up, the year and a half before); nil for triggers on a customer's dates.
    let fixedOccurrences: [Occurrence]?
    /// For a yearly trigger without catch-up, the month-day keys by calendar that can be due;
    /// a customer whose date has another key has no occurrence. Nil: no shortcut.
    let monthDays: [CalendarSystem: Set<Int>]?

    /// Prepares `campaign` for planning from `now` through `lastDay`.
    init(_ campaign: Campaign, now: Date, lastDay: LocalDate) {
        let firstDay = LocalDate(now, in: .gmt).adding(days: -1)
        let earliest = firstDay.adding(days: -campaign.graceDays)
        switch campaign.trigger {
        case .date(let date):
            fixedOccurrences = [Occurrence(date: date, due: date, years: nil)]
            monthDays = nil
        case .yearlyOn:
            let from = campaign.catchUp ? earliest.adding(days: -600) : earliest
            fixedOccurrences = from <= lastDay ? TriggerOccurrences.fixed(campaign.trigger, dueIn: from...lastDay) : []
            monthDays = nil
        case let .yearly(_, daysBefore, leapDay) where !campaign.catchUp && earliest <= lastDay:
            // Keys of anniversaries may be a day off (the zone of the import), as in CandidateFilters.
            let events = earliest.adding(days: daysBefore - 1)...lastDay.adding(days: daysBefore + 1)
            fixedOccurrences = nil
            monthDays = Dictionary(uniqueKeysWithValues: CalendarSystem.allCases.map {
                ($0, CandidateFilters.monthDayKeys($0, events: events, leapDay: leapDay))
            })
        case .yearly, .after:
            fixedOccurrences = nil
            monthDays = nil
        }
    }
}
