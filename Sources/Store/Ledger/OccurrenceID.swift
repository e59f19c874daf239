import Calendars

/// The stable identity of one occurrence of a campaign for one customer: what the send ledger
/// records so that nothing is ever sent twice.
///
/// `date` is the event's own date, before any `days_before` offset (a yearly trigger: that
/// year's birthday or anniversary as observed), the local date of the field's value (an `after`
/// trigger: the day of the last order), the date itself (a dated trigger), or that year's date
/// including overrides (a `yearly_on` trigger). Editing `days_before` or `days` therefore never
/// makes a second occurrence.
public struct OccurrenceID: Hashable, Sendable, CustomStringConvertible {
    /// The campaign's id.
    public var campaignID: String
    /// The shop's customer id.
    public var customerID: String
    /// The occurrence's date, as above.
    public var date: LocalDate

    /// Creates an identity.
    public init(campaignID: String, customerID: String, date: LocalDate) {
        self.campaignID = campaignID
        self.customerID = customerID
        self.date = date
    }

    /// `campaign/customer/YYYY-MM-DD`.
    public var description: String { "\(campaignID)/\(customerID)/\(date)" }
}
