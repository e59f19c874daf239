import Calendars
import Foundation
import Mail

/// Everything Keepsake holds about one customer of the shop, as imported from the shop's data.
///
/// Consent is not part of the record: it lives in the consent ledger and attaches to the
/// customer's normalized email address.
public struct CustomerRecord: Hashable, Sendable {
    /// The shop's own customer id; unique.
    public var id: String
    /// Where the customer's email goes.
    public var email: EmailAddress
    public var firstName: String?
    public var lastName: String?
    /// A BCP 47 language tag, such as `fa-IR`, `ar`, `en-US`.
    public var locale: String?
    /// An IANA time zone name, such as `Asia/Tehran`; nil means the calendar file's default.
    public var timeZone: String?
    /// An ISO 3166-1 alpha-2 country code, upper-case.
    public var country: String?
    /// The calendar the customer's birthday is written in and yearly dates are observed in.
    public var calendar: CalendarSystem
    /// The birthday, in `calendar`; the year may be unknown.
    public var birthday: CalendarDate?
    public var firstOrderAt: PointInTime?
    public var lastOrderAt: PointInTime?
    public var ordersCount: Int
    /// The total of the customer's orders, exactly as a decimal number (currency units, not cents).
    public var totalSpent: Decimal
    /// An ISO 4217 currency code, such as `IRR`.
    public var currency: String?
    /// Free-form labels, such as `vip`; read from a `;`-separated column.
    public var tags: [String]
    /// Every other column of the import, by its (mapped) name, for segments and templates.
    public var attributes: [String: String]

    public init(
        id: String,
        email: EmailAddress,
        firstName: String? = nil,
        lastName: String? = nil,
        locale: String? = nil,
        timeZone: String? = nil,
        country: String? = nil,
        calendar: CalendarSystem = .gregorian,
        birthday: CalendarDate? = nil,
        firstOrderAt: PointInTime? = nil,
        lastOrderAt: PointInTime? = nil,
        ordersCount: Int = 0,
        totalSpent: Decimal = 0,
        currency: String? = nil,
        tags: [String] = [],
        attributes: [String: String] = [:]
    ) {
        self.id = id
        self.email = email
        self.firstName = firstName
        self.lastName = lastName
        self.locale = locale
        self.timeZone = timeZone
        self.country = country
        self.calendar = calendar
        self.birthday = birthday
        self.firstOrderAt = firstOrderAt
        self.lastOrderAt = lastOrderAt
        self.ordersCount = ordersCount
        self.totalSpent = totalSpent
        self.currency = currency
        self.tags = tags
        self.attributes = attributes
    }
}
