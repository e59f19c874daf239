/// The calendar's caps across days (`max_per_week`, `max_per_month`, `min_days_between`): how
/// many marketing mails one customer receives in any 7 or 30 local days in a row, and how many
/// days at least lie between two. Each is off when not written.
///
/// ```yaml
/// max_per_week: 2        # at most 2 mails in any 7 local days in a row
/// max_per_month: 4       # at most 4 in any 30
/// min_days_between: 2    # a mail on day d, the next on d+2 at the earliest
/// ```
public struct SpacingRules: Hashable, Sendable {
    /// The most mails in any 7 local days in a row (the day itself and the 6 before it).
    public var maxPerWeek: Int?
    /// The most mails in any 30 local days in a row.
    public var maxPerMonth: Int?
    /// The fewest days from one mail's local day to the next's (1: the next day).
    public var minDaysBetween: Int?

    /// The limits a calendar may write: 1 to 100 mails, 1 to 365 days.
    public static let mailLimit = 1...100
    /// The limit of `min_days_between` and of a campaign's `cooldown`.
    public static let dayLimit = 1...365

    /// Caps across days; nil leaves one off.
    public init(maxPerWeek: Int? = nil, maxPerMonth: Int? = nil, minDaysBetween: Int? = nil) {
        self.maxPerWeek = maxPerWeek
        self.maxPerMonth = maxPerMonth
        self.minDaysBetween = minDaysBetween
    }

    /// No cap across days.
    public static let none = SpacingRules()
}
