import Calendars
import Foundation

/// Where a delivery stands in the send ledger.
public enum LedgerStatus: String, Hashable, Sendable, CaseIterable, Codable {
    /// Planned (from the day its local day came into planning): waiting for its send instant
    /// (`next_attempt_at`) and a connection. With a `dropped_by`, a drop decided in advance, recorded
    /// as ``dropped`` when its day's send window opens. Re-planning replaces only these rows.
    case planned
    /// Handed to the transport; the outcome is not recorded yet. After a crash such a row
    /// becomes ``inDoubt``: the relay may have accepted it.
    case sending
    /// The relay accepted it.
    case sent
    /// A temporary failure; tried again at `next_attempt_at`.
    case deferred
    /// Refused for good by the relay (the reply says why); never retried.
    case failed
    /// Its grace ran out before the relay accepted it.
    case expired
    /// Given up on the last day of its grace: `dropped_by` names the campaign that took the
    /// customer's day (the daily cap), or says `blackout` or `window closed`.
    case dropped
    /// It may or may not have reached the relay (a crash in flight, or no reply after the
    /// end-of-data marker); an operator settles it with `keepsake deliveries resolve`.
    case inDoubt = "in_doubt"
    /// Stopped before sending: consent withdrawn, address suppressed or forgotten after it was planned.
    case cancelled
    /// Kept from being mailed by the campaign's `holdout:` (the report's baseline): never sent, and
    /// it took its customer's share of the day all the same, so no other campaign mails them instead.
    case heldOut = "held_out"

    /// Statuses that still lead to a send attempt.
    public static let waiting: [LedgerStatus] = [.planned, .deferred]

    /// Whether the delivery took its customer's share of the day (the daily cap) and of every cap
    /// across days (Scheduler's SpacingTally): everything that went, may have gone or may still go.
    public var countsTowardCap: Bool {
        switch self {
        case .planned, .sending, .sent, .deferred, .inDoubt, .heldOut: true
        case .failed, .expired, .dropped, .cancelled: false
        }
    }
}

/// One row of the send ledger: a delivery of one campaign occurrence to one customer, from the
/// moment it is due (intent) to its outcome.
public struct LedgerDelivery: Hashable, Sendable {
    /// The ledger's row id (`keepsake deliveries resolve ID`); 0 before it is recorded.
    public var id: Int64
    /// The campaign's id.
    public var campaignID: String
    /// The shop's customer id (nil once the customer was forgotten).
    public var customerID: String?
    /// The occurrence's date: with campaign and customer, the delivery's identity.
    public var occurrenceDate: LocalDate
    /// The customer's local day it is for.
    public var day: LocalDate
    /// The recipient as planned (nil once forgotten).
    public var email: String?
    /// The matched segment and its template, and the locale rendered.
    public var segment: String
    public var template: String
    public var locale: String
    /// The customer's time zone (stored as its IANA name in `time_zone`).
    public var timeZone: TimeZone
    /// Completed years, for anniversaries.
    public var years: Int?
    /// When it was due to go out (the window's opening on ``day``).
    public var sendAt: Date
    /// The end of its grace: no attempt is made after this instant.
    public var expiresAt: Date
    /// Fixed when planned and reused on every retry: `<…@domain>`.
    public var messageID: String
    /// The coupon code the message carries, reserved when the delivery was recorded (nil for a
    /// campaign without a coupon, a dropped delivery, or a row recorded before codes were reserved).
    public var couponCode: String?
    /// Where it stands.
    public var status: LedgerStatus
    /// Attempts made so far.
    public var attempts: Int
    /// When the next attempt may be made (planned and deferred rows).
    public var nextAttemptAt: Date
    /// The relay's last reply line, or the transport's explanation when no reply came.
    public var lastReply: String?
    /// The SMTP stage of the last attempt's end (`recipient`, `end_of_data`, …).
    public var lastStage: String?
    /// The consent event (its ledger sequence) that authorized the last attempt.
    public var consentEvent: Int64?
    /// For a dropped delivery, why: the campaign that took the customer's day (the daily cap), or
    /// `blackout`, or `window closed` (the Scheduler's `HoldReason(droppedBy:)` reads it).
    public var droppedBy: String?
    /// When the row was written, last changed, and when the relay accepted the message.
    public var plannedAt: Date
    public var updatedAt: Date
    public var sentAt: Date?
    /// The daemon that claimed it for sending (``DaemonIdentity/id``), nil until claimed: an
    /// in-doubt delivery is attributed to it.
    public var claimedBy: String?

    /// A delivery about to be recorded (`id` 0, no attempts yet).
    public init(
        campaignID: String, customerID: String, occurrenceDate: LocalDate, day: LocalDate, email: String,
        segment: String, template: String, locale: String, timeZone: TimeZone, years: Int?, sendAt: Date,
        expiresAt: Date, messageID: String, couponCode: String? = nil, status: LedgerStatus = .planned,
        droppedBy: String? = nil, plannedAt: Date
    ) {
        self.id = 0
        self.campaignID = campaignID
        self.customerID = customerID
        self.occurrenceDate = occurrenceDate
        self.day = day
        self.email = email
        self.segment = segment
        self.template = template
        self.locale = locale
        self.timeZone = timeZone
        self.years = years
        self.sendAt = sendAt
        self.expiresAt = expiresAt
        self.messageID = messageID
        self.couponCode = couponCode
        self.status = status
        self.attempts = 0
        self.nextAttemptAt = sendAt
        self.droppedBy = droppedBy
        self.plannedAt = plannedAt
        self.updatedAt = plannedAt
    }

    /// The occurrence the row records; nil once its customer was forgotten.
    public var occurrence: OccurrenceID? {
        customerID.map { OccurrenceID(campaignID: campaignID, customerID: $0, date: occurrenceDate) }
    }

    /// Reads a ledger row.
    init(row: StoreRow) throws {
        id = try row["id"]
        campaignID = try row["campaign_id"]
        customerID = try row["customer_id"]
        occurrenceDate = try Self.date(row, "occurrence_date", id: id)
        day = try Self.date(row, "day", id: id)
        email = try row["email"]
        segment = try row["segment"]
        template = try row["template"]
        locale = try row["locale"]
        timeZone = try Self.timeZone(row, id: id)
        years = try row["years"]
        sendAt = try Self.instant(row, "send_at", id: id)
        expiresAt = try Self.instant(row, "expires_at", id: id)
        messageID = try row["message_id"]
        couponCode = try row["coupon_code"]
        let statusText: String = try row["status"]
        guard let status = LedgerStatus(rawValue: statusText) else {
            throw StoreError.corrupt(
                table: "deliveries", row: "delivery \(id)", column: "status", value: statusText,
                expected: "one of " + LedgerStatus.allCases.map(\.rawValue).joined(separator: ", "))
        }
        self.status = status
        attempts = try row["attempts"]
        nextAttemptAt = try Self.instant(row, "next_attempt_at", id: id)
        lastReply = try row["last_reply"]
        lastStage = try row["last_stage"]
        consentEvent = try row["consent_event"]
        droppedBy = try row["dropped_by"]
        plannedAt = try Self.instant(row, "planned_at", id: id)
        updatedAt = try Self.instant(row, "updated_at", id: id)
        sentAt = try (row["sent_at"] as String?).flatMap(StoredText.date)
        claimedBy = try row["claimed_by"]
    }

    private static func date(_ row: StoreRow, _ column: String, id: Int64) throws -> LocalDate {
        let text: String? = try row[column]
        guard let text, let date = try? LocalDate(parsing: text) else {
            throw StoreError.corrupt(table: "deliveries", row: "delivery \(id)", column: column, value: text, expected: "a date YYYY-MM-DD")
        }
        return date
    }

    private static func timeZone(_ row: StoreRow, id: Int64) throws -> TimeZone {
        let text: String? = try row["time_zone"]
        guard let text, let zone = TimeZoneNames.zone(named: text) else {
            throw StoreError.corrupt(
                table: "deliveries", row: "delivery \(id)", column: "time_zone", value: text,
                expected: "a time zone the system knows, such as Asia/Tehran")
        }
        return zone
    }

    private static func instant(_ row: StoreRow, _ column: String, id: Int64) throws -> Date {
        let text: String? = try row[column]
        guard let text, let date = StoredText.date(text) else {
            throw StoreError.corrupt(table: "deliveries", row: "delivery \(id)", column: column, value: text, expected: "a UTC instant")
        }
        return date
    }
}

extension LedgerDelivery {
    /// The rows of a `SELECT * FROM deliveries …`, each decoded while the statement steps (a
    /// cursor): its columns are found through the statement's column index, built once per query.
    static func fetchAll(_ db: any StoreConnection, sql: String, arguments: StoreArguments = []) throws -> [LedgerDelivery] {
        var deliveries: [LedgerDelivery] = []
        try db.forEachRow(sql: sql, arguments: arguments) { row in deliveries.append(try LedgerDelivery(row: row)) }
        return deliveries
    }
}
