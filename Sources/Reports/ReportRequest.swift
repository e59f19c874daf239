import Calendars
import Foundation

/// What `keepsake report` (and `/report`) is asked for.
public struct ReportRequest: Hashable, Sendable {
    /// The first and last local day of the deliveries reported (each delivery's own local day);
    /// retention figures cover every order placed before the end of `days.upperBound` in UTC.
    public var days: ClosedRange<LocalDate>
    /// The language of the text and HTML report: `en`, `fa` or `ar`.
    public var locale: ReportLocale
    /// A customer with no order in this many days before the end of the period is churned.
    public var churnDays: Int
    /// The campaigns whose converted recipients count as brought back (win-back campaigns: those
    /// triggered by `after: last_order_at` with 30 days or more, `Campaign.isWinBack`).
    public var winBackCampaigns: Set<String>

    /// How many days after a delivery's due time an order makes it a conversion, for both the
    /// mailed and the held-out group. One definition: the attribution window's default.
    public static let conversionWindowDays = 7
    /// The churn threshold when none is given.
    public static let defaultChurnDays = 180
    /// The largest period a report covers, in days.
    public static let longestPeriod = 3_660

    public init(days: ClosedRange<LocalDate>, locale: ReportLocale = .english, churnDays: Int = defaultChurnDays, winBackCampaigns: Set<String> = []) {
        self.days = days
        self.locale = locale
        self.churnDays = churnDays
        self.winBackCampaigns = winBackCampaigns
    }

    /// The instant the period ends: midnight UTC after its last day.
    public var end: Date {
        days.upperBound.adding(days: 1).instant(hour: 0, minute: 0, in: TimeZone(identifier: "UTC")!)
    }
}

/// The languages the report is written in.
public enum ReportLocale: String, Hashable, Sendable, CaseIterable {
    case english = "en"
    case persian = "fa"
    case arabic = "ar"

    /// Whether the language is written right to left.
    public var isRightToLeft: Bool { self != .english }
}

/// A request the report refuses, with what to fix.
public struct ReportRequestError: Error, Hashable, Sendable, CustomStringConvertible {
    public var description: String

    /// Checks a period and a churn threshold.
    public static func check(days: ClosedRange<LocalDate>, churnDays: Int) throws(ReportRequestError) {
        let length = days.upperBound.dayNumber - days.lowerBound.dayNumber + 1
        guard length <= ReportRequest.longestPeriod else {
            throw ReportRequestError(description: "the period from \(days.lowerBound) to \(days.upperBound) is \(length) days long; a report covers at most \(ReportRequest.longestPeriod) days")
        }
        guard (1...3_650).contains(churnDays) else {
            throw ReportRequestError(description: "--churn-days \(churnDays) is out of range; give 1 to 3650 days")
        }
    }
}
