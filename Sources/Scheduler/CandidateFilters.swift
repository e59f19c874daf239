import Calendars
import Campaigns
import Foundation
import Store

/// The store queries that find every customer a campaign can concern in a stretch of days: a
/// superset, which ``CustomerCandidates`` narrows to each customer's own dates.
enum CandidateFilters {
    /// The filters for `campaigns`, for planning from `now` through `lastDay`. `[.everyone]` when
    /// some campaign concerns everyone (a date, a yearly date, a catch-up) and its segments
    /// cannot narrow it.
    static func filters(for campaigns: [Campaign], now: Date, lastDay: LocalDate) -> [CandidateFilter] {
        // Every customer's local day at `now` is within a day of the UTC one.
        let firstDay = LocalDate(now, in: TimeZone(identifier: "UTC")!).adding(days: -1)
        var found: [CandidateFilter] = []
        for campaign in campaigns where campaign.isEnabled {
            let earliest = firstDay.adding(days: -campaign.graceDays)
            guard earliest <= lastDay else { continue }
            for filter in filters(for: campaign, dueIn: earliest...lastDay) {
                if filter == .everyone { return [.everyone] }
                if !found.contains(filter) { found.append(filter) }
            }
        }
        return found
    }

    /// The filters for one campaign whose occurrences are due on a day of `days`: through the
    /// indexes for a customer's dates; for a campaign concerning everyone, the customers its
    /// segments can match, or everyone.
    static func filters(for campaign: Campaign, dueIn days: ClosedRange<LocalDate>) -> [CandidateFilter] {
        indexedFilters(for: campaign, dueIn: days).map { filter in
            filter == .everyone ? SegmentNarrowing.filter(for: campaign) ?? .everyone : filter
        }
    }

    private static func indexedFilters(for campaign: Campaign, dueIn days: ClosedRange<LocalDate>) -> [CandidateFilter] {
        switch campaign.trigger {
        case let .yearly(field, daysBefore, leapDay):
            if campaign.catchUp { return [.everyone] }
            // Anniversary keys were computed in the customer's zone or UTC, which may be a day off
            // from the zone planning uses: widen by a day on each side.
            let margin = field == .firstOrderAt ? 1 : 0
            let events = days.lowerBound.adding(days: daysBefore - margin)...days.upperBound.adding(days: daysBefore + margin)
            return CalendarSystem.allCases.map { calendar in
                let keys = monthDayKeys(calendar, events: events, leapDay: leapDay)
                return field == .birthday ? .birthday(calendar: calendar, monthDays: keys)
                    : .firstOrderMonthDay(calendar: calendar, monthDays: keys)
            }
        case let .after(field, offset):
            // The stored local dates may be a day off, as above.
            let through = days.upperBound.adding(days: 1 - offset)
            let from = campaign.catchUp ? nil : days.lowerBound.adding(days: -1 - offset)
            return [field == .lastOrderAt ? .lastOrderDate(from: from, through: through)
                    : .firstOrderDate(from: from, through: through)]
        case let .date(date):
            return campaign.catchUp && date <= days.upperBound || days.contains(date) ? [.everyone] : []
        case .yearlyOn:
            if campaign.catchUp { return [.everyone] }
            return TriggerOccurrences.fixed(campaign.trigger, dueIn: days).isEmpty ? [] : [.everyone]
        }
    }

    /// The month-day keys of `calendar` observed on the days of `events`: each day's own, the
    /// days a short month lacks on its last day (`feb28`), or on the next month's first (`mar1`).
    static func monthDayKeys(_ calendar: CalendarSystem, events: ClosedRange<LocalDate>, leapDay: LeapDayRule) -> Set<Int> {
        var keys: Set<Int> = []
        var day = events.lowerBound
        while day <= events.upperBound {
            for observed in calendar.observedMonthDays(on: day) { keys.insert(observed.month * 100 + observed.day) }
            if leapDay == .mar1 {
                // A missing day observed on the day after its month's end: the previous day's extras.
                for observed in calendar.observedMonthDays(on: day.adding(days: -1)).dropFirst() {
                    keys.insert(observed.month * 100 + observed.day)
                }
            }
            day = day.adding(days: 1)
        }
        return keys
    }
}
