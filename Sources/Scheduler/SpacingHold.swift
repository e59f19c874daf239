import Calendars

/// Why a delivery waits for a cap across days: which rule, and the mail that fills it.
public struct SpacingHold: Hashable, Sendable, CustomStringConvertible {
    /// The rule that holds the delivery back.
    public enum Rule: Hashable, Sendable {
        /// The calendar's `max_per_week`.
        case week(Int)
        /// The calendar's `max_per_month`.
        case month(Int)
        /// The calendar's `min_days_between`.
        case daysBetween(Int)
        /// The campaign's `cooldown` in days.
        case cooldown(campaignID: String, days: Int)
        /// The customer's own cap.
        case customer(CustomerFrequencyCap)
    }

    /// The rule.
    public var rule: Rule
    /// The local day of the mail that fills the rule (the latest before the day, else the nearest after).
    public var lastDay: LocalDate
    /// That mail's campaign.
    public var lastCampaignID: String

    /// Creates a hold.
    public init(rule: Rule, lastDay: LocalDate, lastCampaignID: String) {
        self.rule = rule
        self.lastDay = lastDay
        self.lastCampaignID = lastCampaignID
    }

    /// `held back by the weekly cap (last mail 2026-03-20, birthday)`,
    /// `held back by birthday's 60-day cooldown (last 2026-02-01)`,
    /// `held back: at least 3 days between mails (last 2026-03-20, birthday)`.
    public var description: String {
        let last = "\(lastDay), \(lastCampaignID)"
        switch rule {
        case .week: return "held back by the weekly cap (last mail \(last))"
        case .month: return "held back by the monthly cap (last mail \(last))"
        case .daysBetween(let days): return "held back: at least \(days) days between mails (last \(last))"
        case .cooldown(let campaignID, let days): return "held back by \(campaignID)'s \(days)-day cooldown (last \(lastDay))"
        case .customer(let cap): return "held back by the customer's choice of \(cap) (last mail \(last))"
        }
    }

    /// The hold as the send ledger's `dropped_by` keeps it: `spacing:week:2:2026-03-20:birthday`,
    /// `spacing:cooldown:60:2026-02-01:birthday`, `spacing:customer:1/30:2026-03-20:birthday`
    /// (campaign ids hold no colon).
    var droppedBy: String {
        let (name, value): (String, String) = switch rule {
        case .week(let mails): ("week", "\(mails)")
        case .month(let mails): ("month", "\(mails)")
        case .daysBetween(let days): ("between", "\(days)")
        case .cooldown(_, let days): ("cooldown", "\(days)")
        case .customer(let cap): ("customer", "\(cap.mails)/\(cap.days)")
        }
        return "\(Self.prefix)\(name):\(value):\(lastDay):\(lastCampaignID)"
    }

    static let prefix = "spacing:"

    /// The hold a `dropped_by` written by ``droppedBy`` names; nil for anything else.
    init?(droppedBy text: String) {
        guard text.hasPrefix(Self.prefix) else { return nil }
        let parts = text.dropFirst(Self.prefix.count).split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 4, let day = try? LocalDate(parsing: parts[2]) else { return nil }
        let numbers = parts[1].split(separator: "/").compactMap { Int($0) }
        switch (parts[0], numbers.count) {
        case ("week", 1): rule = .week(numbers[0])
        case ("month", 1): rule = .month(numbers[0])
        case ("between", 1): rule = .daysBetween(numbers[0])
        case ("cooldown", 1): rule = .cooldown(campaignID: parts[3], days: numbers[0])
        case ("customer", 2):
            guard let cap = CustomerFrequencyCap(mails: numbers[0], days: numbers[1]) else { return nil }
            rule = .customer(cap)
        default: return nil
        }
        lastDay = day
        lastCampaignID = parts[3]
    }
}
