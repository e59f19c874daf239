import Calendars
import Campaigns
import Foundation
import Mail
import Scheduler
import Store

/// March 2026 generated from a seed: Eid al-Fitr 1447 (the 20th), Nowruz 1405 (the 21st),
/// birthdays around them, feedback 3 days after a last order and win-backs 30 days after it, for
/// customers in four time zones, one mail a day and caps across days. The same month feeds the
/// planner and the tests' own Python (Tests/Support/spacing_oracle.py), through ``json``.
public struct CollidingMonth {
    public static let zones = ["Asia/Tehran", "Asia/Riyadh", "Europe/Berlin", "UTC"]
    /// Planning starts at the first instant of 1 March in every zone here (Berlin is UTC+1).
    public static let start = instant("2026-02-28T23:00:00Z")
    public static let days = day("2026-03-01")...day("2026-03-31")

    public let customers: [CustomerRecord]
    /// The ledger before the month: sent and in-doubt mails (counted) and failed ones (not).
    public let history: [HandedOverDelivery]
    /// The customers' own caps.
    public let caps: [String: CustomerFrequencyCap]
    public let spacing: SpacingRules

    /// The campaigns in priority order; `feedback` and `winback-1` have cooldowns.
    public static let campaigns: [Campaign] = [
        campaign("birthday", birthday(), grace: 2),
        campaign("nowruz", .yearlyOn(month: 1, day: 1, calendar: .persian, overrides: [:]), grace: 2),
        campaign("eid-al-fitr", .yearlyOn(month: 10, day: 1, calendar: .islamicUmmAlQura, overrides: [:]), grace: 1),
        campaign("feedback", .after(field: .lastOrderAt, days: 3), grace: 2, segments: [("buyers", "orders_count >= 1", "feedback")],
                 cooldown: 20),
        campaign("winback-1", .after(field: .lastOrderAt, days: 30), grace: 3,
                 segments: [("lapsed", "orders_count >= 1", "winback-1")], cooldown: 60),
    ]

    /// `count` customers drawn from `seed`.
    public init(seed: UInt64, count: Int, spacing: SpacingRules = SpacingRules(maxPerWeek: 2, maxPerMonth: 4, minDaysBetween: 2),
                withHistory: Bool = true, withCaps: Bool = true) {
        var random = SeededRandom(seed: seed)
        var customers: [CustomerRecord] = []
        var history: [HandedOverDelivery] = []
        var caps: [String: CustomerFrequencyCap] = [:]
        for index in 0..<count {
            let id = "c\(index)"
            let zone = Self.zones[random.next(below: Self.zones.count)]
            let birthday = day("2026-03-10").adding(days: random.next(below: 20))
            let ordered = random.next(below: 5) > 0
            let lastOrder = day("2026-01-28").adding(days: random.next(below: 52))
            customers.append(CustomerRecord(
                id: id, email: try! EmailAddress("\(id)@keepsake.test"), firstName: id, locale: "en", timeZone: zone,
                birthday: try! CalendarDate(parsing: "1990-\(String(birthday.description.dropFirst(5)))", in: .gregorian),
                lastOrderAt: ordered ? .instant(lastOrder.instant(hour: 12, minute: 0, in: TimeZone(identifier: zone)!)) : nil,
                ordersCount: ordered ? 1 + random.next(below: 3) : 0))
            guard withHistory else { continue }
            for _ in 0..<random.next(below: 3) {
                let campaignID = ["winback-1", "offer", "feedback"][random.next(below: 3)]
                let sentDay = day("2026-01-20").adding(days: random.next(below: 40))
                let status: LedgerStatus = [.sent, .sent, .inDoubt, .failed][random.next(below: 4)]
                history.append(HandedOverDelivery(
                    occurrence: OccurrenceID(campaignID: campaignID, customerID: id, date: sentDay.adding(days: -400)), day: sentDay,
                    status: status))
            }
            if withCaps, random.next(below: 5) == 0 {
                caps[id] = random.next(below: 2) == 0 ? .oncePerMonth : CustomerFrequencyCap(mails: 2, days: 14)!
            }
        }
        self.customers = customers
        self.history = history
        self.caps = caps
        self.spacing = spacing
    }

    /// The calendar: one mail a day and the caps across days.
    public var calendar: CommunicationCalendar { rules(spacing: spacing) }

    /// The month as the oracle reads it.
    public var json: Data {
        let object: [String: Any] = [
            "start": ISO8601DateFormatter().string(from: Self.start),
            "first_day": "\(Self.days.lowerBound)", "last_day": "\(Self.days.upperBound)", "max_per_day": 1,
            "max_per_week": spacing.maxPerWeek ?? NSNull(), "max_per_month": spacing.maxPerMonth ?? NSNull(),
            "min_days_between": spacing.minDaysBetween ?? NSNull(),
            "campaigns": Self.campaigns.map { campaign in
                ["id": campaign.id, "grace": campaign.graceDays, "cooldown": campaign.cooldownDays ?? NSNull()] as [String: Any]
            },
            "customers": customers.map { customer in
                ["id": customer.id, "zone": customer.timeZone!, "birthday": customer.birthday!.description,
                 "last_order_at": customer.lastOrderAt.map { "\($0)" } ?? NSNull(), "orders_count": customer.ordersCount,
                 "cap": caps[customer.id].map { [$0.mails, $0.days] } ?? NSNull()] as [String: Any]
            },
            "history": history.map { fact in
                ["campaign": fact.occurrence.campaignID, "customer": fact.occurrence.customerID, "day": "\(fact.day)",
                 "status": fact.status.rawValue]
            },
        ]
        return try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
    }
}

/// A small deterministic generator (SplitMix64), so a failing month can be generated again.
public struct SeededRandom {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next(below bound: Int) -> Int {
        state &+= 0x9E37_79B9_7F4A_7C15
        var value = state
        value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
        value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
        value ^= value >> 31
        return Int(value % UInt64(bound))
    }
}
