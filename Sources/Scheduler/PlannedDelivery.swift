import Calendars
import Foundation
import Store

/// One occurrence of a campaign for one customer as the planner sees it on one local day: going
/// out (planned), waiting for a later day (deferred), given up (dropped), or already in the send
/// ledger (handed over).
public struct PlannedDelivery: Hashable, Sendable {
    /// The occurrence's stable identity (campaign, customer, occurrence date).
    public var occurrence: OccurrenceID
    /// Where the message goes, as the customer record writes it.
    public var email: String
    /// The name of the segment the customer matched first.
    public var segment: String
    /// The template of that segment.
    public var template: String
    /// The customer's locale, else the calendar's default locale.
    public var locale: String
    /// The local date the occurrence is due (the event's date less `days_before`, or the field's
    /// date plus `days`).
    public var dueDate: LocalDate
    /// The customer's local day this entry is about: the day it goes out (planned), the last day
    /// it was held back (deferred), the day it was given up (dropped), or the day the ledger
    /// records (handed over).
    public var day: LocalDate
    /// When it goes out: the send window's opening on ``day`` in the customer's time zone, or
    /// the planning instant when that is later (the window is already open).
    public var sendAt: Date
    /// The customer's time zone, for showing ``sendAt`` with their offset.
    public var timeZone: TimeZone
    /// Completed years since the first order, for anniversaries.
    public var years: Int?
    /// What happens to it.
    public var status: DeliveryStatus
    /// Each day it was held back before ``day``, and why.
    public var deferrals: [Deferral]
    /// The last local day of its grace: the daemon makes no attempt after that day's window closes.
    public var lastDay: LocalDate
    /// Its coupon code as the store gives it (``CouponCodes``); nil until looked up, and then the
    /// composer derives the occurrence's first candidate.
    public var couponCode: String?
    /// Why the send ledger dropped it, for a delivery the ledger holds as `dropped`.
    public var dropReason: HoldReason?

    /// Creates a delivery.
    public init(
        occurrence: OccurrenceID, email: String, segment: String, template: String, locale: String,
        dueDate: LocalDate, day: LocalDate, sendAt: Date, timeZone: TimeZone, years: Int? = nil,
        status: DeliveryStatus, deferrals: [Deferral] = [], lastDay: LocalDate? = nil
    ) {
        self.occurrence = occurrence
        self.email = email
        self.segment = segment
        self.template = template
        self.locale = locale
        self.dueDate = dueDate
        self.day = day
        self.sendAt = sendAt
        self.timeZone = timeZone
        self.years = years
        self.status = status
        self.deferrals = deferrals
        self.lastDay = lastDay ?? day
    }

    /// The campaign's id.
    public var campaignID: String { occurrence.campaignID }
    /// The shop's customer id.
    public var customerID: String { occurrence.customerID }

    /// ``status`` for people, with the ledger's reason for a drop: `planned`, `deferred (blackout)`,
    /// `dropped (capped by birthday)`, `sent`.
    public var statusText: String {
        if case .handedOver(.dropped) = status, let dropReason { return "dropped (\(dropReason))" }
        return status.description
    }

    /// ``sendAt`` in ISO 8601 with the customer's offset, such as `2026-03-21T10:00:00+03:30`.
    public var sendAtText: String { ZonedTimestamp.text(sendAt, in: timeZone) }
}

/// What becomes of a delivery on its day.
public enum DeliveryStatus: Hashable, Sendable, CustomStringConvertible {
    /// It goes out on the day.
    case planned
    /// Held back on the day; it may go out on a later day of its grace.
    case deferred(HoldReason)
    /// Held back on the last day of its grace: it does not go out, and the drop is recorded.
    case dropped(HoldReason)
    /// Kept from being mailed by the campaign's holdout (``HoldoutDecision``); it takes the day's cap slot.
    case heldOut
    /// The send ledger already holds it, with this status.
    case handedOver(HandedOverDelivery.Status)

    /// `planned`, `deferred (blackout)`, `dropped (capped by birthday)`, `held out`, `sent`.
    public var description: String {
        switch self {
        case .planned: "planned"
        case .deferred(let reason): "deferred (\(reason))"
        case .dropped(let reason): "dropped (\(reason))"
        case .heldOut: "held out"
        case .handedOver(.heldOut): "held out"
        case .handedOver(let status): status.rawValue
        }
    }

    /// The short status word: `planned`, `deferred`, `dropped`, or the ledger's status.
    public var word: String {
        switch self {
        case .planned: "planned"
        case .deferred: "deferred"
        case .dropped: "dropped"
        case .heldOut: LedgerStatus.heldOut.rawValue
        case .handedOver(let status): status.rawValue
        }
    }
}

/// Why a delivery does not go out on a day it could have.
public enum HoldReason: Hashable, Sendable, CustomStringConvertible {
    /// The customer already has `max_per_day` deliveries that day; `campaignID` is the first of
    /// the campaigns that took the day's share.
    case capped(by: String)
    /// The day is a blackout date of the calendar.
    case blackout
    /// The day's send window had already closed when planning started.
    case windowClosed
    /// A cap across days: the calendar's weekly or monthly cap or days between mails, the
    /// campaign's cooldown, or the customer's own cap.
    case spacing(SpacingHold)

    /// `capped by birthday`, `blackout`, `window closed`.
    public var description: String {
        switch self {
        case .capped(let campaign): "capped by \(campaign)"
        case .blackout: "blackout"
        case .windowClosed: "window closed"
        case .spacing(let hold): hold.description
        }
    }

    /// The reason as the send ledger stores it (`dropped_by`): the id of the campaign that took
    /// the day's share, `blackout`, `window closed`, or a cap across days (``SpacingHold``).
    public var droppedBy: String {
        if case .capped(let campaign) = self { return campaign }
        if case .spacing(let hold) = self { return hold.droppedBy }
        return description
    }

    /// The reason a ledger row's `dropped_by` stores (see ``droppedBy``).
    public init(droppedBy: String) {
        if let hold = SpacingHold(droppedBy: droppedBy) {
            self = .spacing(hold)
            return
        }
        switch droppedBy {
        case HoldReason.blackout.description: self = .blackout
        case HoldReason.windowClosed.description: self = .windowClosed
        default: self = .capped(by: droppedBy)
        }
    }
}

/// One day a delivery was held back.
public struct Deferral: Hashable, Sendable {
    /// The customer's local day.
    public var day: LocalDate
    /// Why.
    public var reason: HoldReason

    /// Creates a deferral.
    public init(day: LocalDate, reason: HoldReason) {
        self.day = day
        self.reason = reason
    }
}
