import Calendars
import Campaigns
import Foundation
import Mail
import Store
import Scheduler

/// A customer store in a fresh temporary directory, removed when the test ends, filled through
/// the store's own import session.
public final class PlannerFixture {
    public let directory: URL
    public let store: KeepsakeStore

    /// A store holding `customers`, each opted in unless `consent` says otherwise (nil: no event).
    public init(_ customers: [CustomerRecord], consent: [String: [ConsentStatus]] = [:]) throws {
        directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("keepsake-planner-tests-\(UUID().uuidString)")
        store = try KeepsakeStore(path: directory.appendingPathComponent("keepsake.sqlite").path)
        try store.importSession(commit: true, recordedBy: "planner tests") { session in
            for (index, customer) in customers.enumerated() {
                _ = try session.upsert(customer)
                let events = consent[customer.id] ?? [.optedIn]
                for (order, status) in events.enumerated() {
                    let observation = ConsentObservation(
                        status: status, occurredAt: Date(timeIntervalSince1970: Double(1_700_000_000 + index * 10 + order)),
                        source: "checkout checkbox")
                    _ = try session.observeConsent(observation, email: customer.email, customerID: customer.id)
                }
            }
        }
    }

    deinit {
        try? FileManager.default.removeItem(at: directory)
    }

    /// A planner over the store with these campaigns (in priority order) and ledger.
    public func planner(
        _ campaigns: [Campaign], calendar: CommunicationCalendar = rules(), history: InMemoryDeliveryHistory = .init(),
        frequencyCaps: InMemoryFrequencyCaps = .init()
    ) -> Planner {
        Planner(calendar: calendar, campaigns: campaigns, store: store, history: history, frequencyCaps: frequencyCaps)
    }
}

/// A local date written `YYYY-MM-DD`.
public func day(_ text: String) -> LocalDate {
    try! LocalDate(parsing: text)
}

/// An instant written in ISO 8601 with an offset.
public func instant(_ text: String) -> Date {
    guard case .instant(let date) = try! PointInTime(parsing: text) else { fatalError("\(text) is not an instant") }
    return date
}

/// A customer with the fields the planner reads.
public func customer(
    _ id: String, timeZone: String? = nil, calendar: CalendarSystem = .gregorian, birthday: String? = nil,
    firstOrder: String? = nil, lastOrder: String? = nil, ordersCount: Int = 0, totalSpent: Decimal = 0,
    locale: String? = nil, country: String? = nil, tags: [String] = []
) -> CustomerRecord {
    CustomerRecord(
        id: id, email: try! EmailAddress("\(id)@shop.example"), locale: locale, timeZone: timeZone, country: country,
        calendar: calendar, birthday: birthday.map { try! CalendarDate(parsing: $0, in: calendar) },
        firstOrderAt: firstOrder.map { try! PointInTime(parsing: $0) },
        lastOrderAt: lastOrder.map { try! PointInTime(parsing: $0) },
        ordersCount: ordersCount, totalSpent: totalSpent, tags: tags)
}

/// A communication calendar (Asia/Tehran, 10:00–20:00, one per day, English unless told).
public func rules(
    timeZone: String = "Asia/Tehran", window: (Int, Int) = (10, 20), opensMinute: Int = 0, maxPerDay: Int = 1,
    spacing: SpacingRules = .none, blackout: [BlackoutPeriod] = [], defaultLocale: String = "en"
) -> CommunicationCalendar {
    let location = SourceLocation(file: "campaigns/calendar.yaml")
    return CommunicationCalendar(
        timeZone: TimeZone(identifier: timeZone)!,
        sendWindow: SendWindow(opens: TimeOfDay(hour: window.0, minute: opensMinute)!,
                               closes: TimeOfDay(hour: window.1, minute: 0)!)!,
        maxPerDay: maxPerDay, spacing: spacing, blackout: blackout, from: LocatedText("Shop <hello@shop.example>", at: location),
        defaultLocale: defaultLocale, campaignFiles: [])
}

/// A campaign; `segments` are (name, condition, template), the condition nil for everyone.
public func campaign(
    _ id: String, _ trigger: Trigger, grace: Int = 0, segments: [(String, String?, String)]? = nil,
    catchUp: Bool = false, enabled: Bool = true, start: LocalDate? = nil, end: LocalDate? = nil, holdoutBasisPoints: Int = 0,
    cooldown: Int? = nil
) -> Campaign {
    let location = SourceLocation(file: "campaigns/\(id).yaml", line: 1, column: 1)
    let list = (segments ?? [("everyone", nil, id)]).map { name, condition, template in
        Segment(name: name, condition: condition.map { try! SegmentCondition(parsing: $0) },
                template: LocatedText(template, at: location))
    }
    return Campaign(
        id: id, name: id, trigger: trigger, graceDays: grace, segments: list, holdoutBasisPoints: holdoutBasisPoints,
        isEnabled: enabled, start: start, end: end, catchUp: catchUp, cooldownDays: cooldown, file: location.file)
}

/// The birthday trigger, `daysBefore` early.
public func birthday(daysBefore: Int = 0, leapDay: LeapDayRule = .feb28) -> Trigger {
    .yearly(field: .birthday, daysBefore: daysBefore, leapDay: leapDay)
}

/// Compact rows for golden comparisons: `campaign customer day status sendAt`.
public func rows(_ deliveries: [PlannedDelivery]) -> [String] {
    deliveries.map { "\($0.campaignID) \($0.customerID) \($0.day) \($0.status) \($0.sendAtText)" }.sorted()
}
