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
    /// Whether the order counts: refunded and cancelled orders are kept but never counted.
    public var status: OrderStatus = .counted
    /// The discount codes used at checkout, upper-cased, in the export's order.
    public var discountCodes: [String] = []
    /// The order's lines; with one row per line item, the first row's (the others follow it).
    public var lineItems: [OrderLineItem] = []

    /// An order; give `customerID`, `email` or both so the store can find its customer.
    public init(
        orderID: String, customerID: String? = nil, email: EmailAddress? = nil, createdAt: PointInTime,
        total: Decimal, currency: String? = nil, status: OrderStatus = .counted, discountCodes: [String] = [],
        lineItems: [OrderLineItem] = []
    ) {
        self.orderID = orderID
        self.customerID = customerID
        self.email = email
        self.createdAt = createdAt
        self.total = total
        self.currency = currency
        self.status = status
        self.discountCodes = discountCodes
        self.lineItems = lineItems
    }
}

/// Whether an order counts toward its customer and its campaign.
public enum OrderStatus: String, Hashable, Sendable, CaseIterable {
    /// Placed and not undone: counted (Shopify's paid, pending, partially refunded…; WooCommerce's
    /// completed, processing, on-hold, pending).
    case counted
    /// Refunded in full: kept, not counted.
    case refunded
    /// Cancelled, voided or failed: kept, not counted.
    case cancelled
}

/// One line of an order.
public struct OrderLineItem: Hashable, Sendable {
    /// Its place in the order, from 1.
    public var position: Int
    /// The product id or SKU, when the export gives one.
    public var product: String?
    /// The product's title as the shop showed it.
    public var title: String?
    /// How many were bought, at least 1.
    public var quantity: Int
    /// The price of one, in the order's currency.
    public var price: Decimal?

    /// A line item.
    public init(position: Int, product: String?, title: String?, quantity: Int, price: Decimal?) {
        self.position = position
        self.product = product
        self.title = title
        self.quantity = quantity
        self.price = price
    }
}

/// What ``ImportSession/recordOrder(_:)`` did with an order.
public enum OrderOutcome: Hashable, Sendable {
    /// The order was stored and, if counted, its customer's first/last order, count and total updated.
    case applied
    /// An order with this id and status was imported before; nothing changed.
    case alreadyImported
    /// An order imported before now has another status (a later export marks it refunded, say):
    /// the status was updated, and its customer's count and total, its attribution and its
    /// coupon redemption follow it.
    case statusChanged(from: OrderStatus, to: OrderStatus)
    /// No stored customer has the order's customer id (or, without one, its email address): the
    /// order was stored as a guest order, counted and listed by `keepsake orders unmatched`.
    case guest
    /// The order's currency differs from its customer's; nothing was stored.
    case currencyMismatch(customerID: String, customerCurrency: String)
}

/// What recording an order did besides storing it: its coupon codes and its attribution.
public struct OrderEffects: Hashable, Sendable {
    /// What happened to the order.
    public var outcome: OrderOutcome
    /// Keepsake codes this order redeemed.
    public var codesRedeemed = 0
    /// Keepsake codes another order had redeemed before: this order does not redeem them again.
    public var codesRedeemedBefore = 0
    /// Codes used that Keepsake never issued (the shop's own).
    public var shopCodes = 0
    /// The rule the order was attributed by, if it was.
    public var attribution: AttributionRule?

    init(_ outcome: OrderOutcome) {
        self.outcome = outcome
    }
}

/// Why an order is credited to a delivery.
public enum AttributionRule: String, Hashable, Sendable {
    /// The order used the delivery's coupon code.
    case coupon
    /// The delivery is the latest Keepsake message sent to the customer within the attribution window.
    case window
}
