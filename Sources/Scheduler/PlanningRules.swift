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

    /// The customer's time zone: their own, else the calendar's.
    func timeZone(of customer: CustomerRecord) -> TimeZone {
        calendar.timeZone(of: customer)
    }

    /// The customer's local day at ``now``.
    func firstDay(in timeZone: TimeZone) -> LocalDate {
        LocalDate(now, in: timeZone)
    }

    /// When the send window opens and closes on `day` in `timeZone`.
    func window(on day: LocalDate, in timeZone: TimeZone) -> (opens: Date, closes: Date) {
        let window = calendar.sendWindow
        return (day.instant(hour: window.opens.hour, minute: window.opens.minute, in: timeZone),
                day.instant(hour: window.closes.hour, minute: window.closes.minute, in: timeZone))
    }

    /// The locale of the customer's messages: theirs, else the calendar's default.
    func locale(of customer: CustomerRecord) -> String {
        customer.locale.flatMap { $0.isEmpty ? nil : $0 } ?? calendar.defaultLocale
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

/// Time zones by IANA name, each looked up once per process: `TimeZone(identifier:)` is slow
/// enough to matter across a million customers.
enum TimeZoneNames {
    private static let zones = Mutex<[String: TimeZone?]>([:])

    /// The zone, or nil when the name is unknown.
    static func zone(named name: String) -> TimeZone? {
        if let known = zones.withLock({ $0[name] }) { return known }
        let zone = TimeZone(identifier: name)
        zones.withLock { $0[name] = zone }
        return zone
    }
}
