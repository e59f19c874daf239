import Calendars
import Foundation
import Store

/// What composing one delivery needs, as both of its shapes hold it: a planner's entry
/// (``PlannedDelivery``, for `keepsake preview`) and a send-ledger row (``LedgerDelivery``, for the
/// daemon). ``DeliveryComposer`` takes either as it is, so the message the daemon sends from the
/// ledger is the one the preview showed.
public protocol DeliveryContent: Sendable {
    /// The campaign's id.
    var campaignID: String { get }
    /// The occurrence's date: with campaign and customer, the delivery's identity.
    var occurrenceDate: LocalDate { get }
    /// The matched segment's name, and its template.
    var segment: String { get }
    var template: String { get }
    /// The locale the template is rendered in.
    var locale: String { get }
    /// The customer's local day the delivery goes out on (the templates' `today`).
    var day: LocalDate { get }
    /// When it goes out (the message's `Date:`), shown in ``timeZone``.
    var sendAt: Date { get }
    var timeZone: TimeZone { get }
    /// Completed years since the first order, for anniversaries.
    var years: Int? { get }
    /// The coupon code it carries, when known; nil lets the composer derive the occurrence's first candidate.
    var couponCode: String? { get }

    /// The Message-ID it goes out with, `<…@domain>`.
    func messageID(envelope: DeliveryComposer.Envelope) -> String
}

extension DeliveryComposer.Envelope {
    /// The Message-ID of an occurrence, `<ks.HEX@domain>`: the one place it is derived. The daemon
    /// records it in the send ledger when the delivery becomes due, and every later attempt reads
    /// it from there; a preview derives the same string.
    public func messageID(of occurrence: OccurrenceID) -> String {
        "<" + tokens.messageIDLocalPart(
            customerID: occurrence.customerID, campaignID: occurrence.campaignID,
            occurrence: occurrence.date.description) + "@\(messageIDDomain)>"
    }
}

extension PlannedDelivery: DeliveryContent {
    /// The occurrence's date.
    public var occurrenceDate: LocalDate { occurrence.date }

    /// Derived from the occurrence: it is not in the send ledger yet.
    public func messageID(envelope: DeliveryComposer.Envelope) -> String {
        envelope.messageID(of: occurrence)
    }
}

extension LedgerDelivery: DeliveryContent {
    /// The Message-ID the ledger recorded when the delivery became due, reused on every attempt.
    public func messageID(envelope: DeliveryComposer.Envelope) -> String {
        messageID
    }
}
