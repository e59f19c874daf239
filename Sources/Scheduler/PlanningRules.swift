import Calendars
import Campaigns
import Foundation
import Store
import Synchronization

/// What every customer's plan shares: the calendar, the campaigns in priority order, the instant
/// planning starts and the last local day it covers.
struct PlanningRules: Sendable {
    let calendar: CommunicationCalendar
    /// The campaigns in priority order (earlier wins the daily cap).
    let campaigns: [Campaign]
    /// When planning starts: nothing goes out before it.
    let now: Date
    /// The last local day planned, in each customer's own time zone.
    let lastDay: LocalDate
    /// The store's RFM quintiles, when a segment reads a score.
    let rfm: RFMThresholds?
    /// Each campaign's trigger, prepared once for the run (same order as ``campaigns``).
    let triggers: [PreparedTrigger]
    /// Each campaign's holdout (same order as ``campaigns``).
    let holdouts: [HoldoutDecision]
    /// Each campaign's place in ``campaigns`` by id (the first, should two share an id).
    let priorities: [String: Int]
    /// First days and windows, worked out once per time zone (and day).
    private let cache = ZoneCache()

    init(calendar: CommunicationCalendar, campaigns: [Campaign], now: Date, lastDay: LocalDate, rfm: RFMThresholds?) {
        self.calendar = calendar
        self.campaigns = campaigns
        self.now = now
        self.lastDay = lastDay
        self.rfm = rfm
        triggers = campaigns.map { PreparedTrigger($0, now: now, lastDay: lastDay) }
        holdouts = campaigns.map { HoldoutDecision(basisPoints: $0.holdoutBasisPoints) }
        priorities = Dictionary(campaigns.enumerated().map { ($1.id, $0) }, uniquingKeysWith: min)
    }

    /// The first local day and each day's window, by time zone.
    private final class ZoneCache: Sendable {
        struct ZoneDay: Hashable {
            let zone: String
            let day: LocalDate
        }

        let windows = Mutex<[ZoneDay: (opens: Date, closes: Date)]>([:])
        let firstDays = Mutex<[String: LocalDate]>([:])
    }

    /// The customer's time zone: their own, else the calendar's.
    func timeZone(of customer: CustomerRecord) -> TimeZone {
        calendar.timeZone(of: customer)
    }

    /// The customer's local day at ``now``.
    func firstDay(in timeZone: TimeZone) -> LocalDate {
        if let known = cache.firstDays.withLock({ $0[timeZone.identifier] }) { return known }
        let day = LocalDate(now, in: timeZone)
        cache.firstDays.withLock { $0[timeZone.identifier] = day }
        return day
    }

    /// When the send window opens and closes on `day` in `timeZone`.
    func window(on day: LocalDate, in timeZone: TimeZone) -> (opens: Date, closes: Date) {
        let key = ZoneCache.ZoneDay(zone: timeZone.identifier, day: day)
        if let known = cache.windows.withLock({ $0[key] }) { return known }
        let window = calendar.sendWindow
        let instants = (day.instant(hour: window.opens.hour, minute: window.opens.minute, in: timeZone),
                        day.instant(hour: window.closes.hour, minute: window.closes.minute, in: timeZone))
        cache.windows.withLock { $0[key] = instants }
        return instants
    }

    /// The locale of the customer's messages: theirs, else the calendar's default.
    func locale(of customer: CustomerRecord) -> String {
        customer.locale.flatMap { $0.isEmpty ? nil : $0 } ?? calendar.defaultLocale
    }

    /// How many days before the first planned day the caps across days look back on: the longest
    /// of the calendar's rolling stretches, its days between mails, any cooldown and `customerCap`.
    func spacingLookback(customerCap: Int) -> Int {
        let spacing = calendar.spacing
        let lengths = [spacing.maxPerWeek.map { _ in 7 }, spacing.maxPerMonth.map { _ in 30 }, spacing.minDaysBetween]
            .compactMap { $0 } + campaigns.compactMap(\.cooldownDays) + [customerCap]
        return lengths.max() ?? 0
    }

    /// The largest grace of any campaign, in days.
    var largestGrace: Int { campaigns.map(\.graceDays).max() ?? 0 }
}

extension CommunicationCalendar {
    /// The customer's time zone: their own, else the calendar's (also for a name the system does not know).
    func timeZone(of customer: CustomerRecord) -> TimeZone {
        customer.timeZone.flatMap(TimeZoneNames.zone(named:)) ?? timeZone
    }
}
