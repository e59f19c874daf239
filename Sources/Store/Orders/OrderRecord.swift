import Calendars
import Foundation
import Mail

/// One order of the shop, as imported from an orders export.
public struct OrderRecord: Hashable, Sendable {
    /// The shop's order id; an order is counted once however often it is imported.
    public var orderID: String
    /// The shop's id of the customer who placed it; looked up before `email`.
    public var customerID: String?
    /// The customer's address, used when there is no customer id.
    public var email: EmailAddress?
    /// When the order was placed.
    public var createdAt: PointInTime
    /// The order's total, exactly, in currency units.
    public var total: Decimal
    /// An ISO 4217 currency code, such as `IRR`.
    public var currency: String?

    /// An order; give `customerID`, `email` or both so the store can find its customer.
    public init(
        orderID: String, customerID: String? = nil, email: EmailAddress? = nil, createdAt: PointInTime,
        total: Decimal, currency: String? = nil
    ) {
        self.orderID = orderID
        self.customerID = customerID
        self.email = email
        self.createdAt = createdAt
        self.total = total
        self.currency = currency
    }
}

/// What ``ImportSession/recordOrder(_:)`` did with an order.
public enum OrderOutcome: Hashable, Sendable {
    /// The order was stored and its customer's first/last order, count and total updated.
    case applied
    /// An order with this id was imported before; nothing changed.
    case alreadyImported
    /// No stored customer has the order's customer id (or, without one, its email address).
    case unknownCustomer
}
