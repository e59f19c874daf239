import Campaigns
import Crypto
import Foundation
import Scheduler
import Templates

/// The marketers' files as the daemon runs them: validated, immutable, swapped whole on reload.
public struct CampaignFiles: Sendable {
    /// The communication calendar.
    public let calendar: CommunicationCalendar
    /// The campaigns in priority order.
    public let campaigns: [Campaign]
    /// Renders and composes each delivery.
    public let composer: DeliveryComposer
    /// Each delivery's own envelope sender when the operator turned VERP on (`sender.verp`); nil:
    /// every message goes out with ``Dispatcher/Settings/envelopeSender``.
    public let envelopeSender: EnvelopeSender?
    /// What the plans made with these files depend on, digested: the calendar, the campaigns, and
    /// what goes into a Message-ID. A reload whose fingerprint differs re-plans every day in range.
    public let fingerprint: String

    /// The files, checked by the caller (`keepsake validate`'s checks).
    public init(
        calendar: CommunicationCalendar, campaigns: [Campaign], composer: DeliveryComposer,
        envelopeSender: EnvelopeSender? = nil
    ) {
        self.calendar = calendar
        self.campaigns = campaigns
        self.composer = composer
        self.envelopeSender = envelopeSender
        let envelope = composer.envelope
        let text = [
            Self.canonicalText(calendar), Self.canonicalText(campaigns), envelope.messageIDDomain,
            envelope.tokens.messageIDLocalPart(customerID: "fingerprint", campaignID: "fingerprint", occurrence: "2000-01-01"),
        ].joined(separator: "\n")
        fingerprint = SHA256.hash(data: Data(text.utf8)).map { String(format: "%02x", $0) }.joined()
    }
}

extension CampaignFiles {
    /// A text of `value` that is the same in every process that holds an equal value: a
    /// dictionary's or set's entries sorted (their order differs from one process to the next), a
    /// time zone by its identifier (its storage holds caches), everything else as reflected.
    static func canonicalText(_ value: Any) -> String {
        if let zone = value as? TimeZone { return "TimeZone(\(zone.identifier))" }
        let mirror = Mirror(reflecting: value)
        guard !mirror.children.isEmpty, mirror.displayStyle != .class else { return String(reflecting: value) }
        var parts = mirror.children.map { "\($0.label ?? "")=\(canonicalText($0.value))" }
        if mirror.displayStyle == .dictionary || mirror.displayStyle == .set { parts.sort() }
        return "\(mirror.subjectType)(\(parts.joined(separator: ",")))"
    }
}

/// What one tick did.
public struct TickReport: Sendable, Hashable {
    /// The tick's instant.
    public var now: Date
    /// Planner runs of this tick: 0 when nothing changed since the last one.
    public var plannerRuns = 0
    /// Rows the planning of this tick wrote to the ledger (`planned`, not yet due).
    public var planned = 0
    /// Planned deliveries whose send instant came (waiting for a connection now, or dropped).
    public var recorded = 0
    /// Of the recorded deliveries, those given up on the last day of their grace (the cap, a
    /// blackout, a closed window): recorded as `dropped`, never sent.
    public var dropped = 0
    /// Deliveries whose grace ran out during this tick.
    public var expired = 0
    /// Deliveries stopped before sending (consent withdrawn, suppressed, forgotten).
    public var cancelled = 0
    /// Waiting deliveries whose customer's send window was closed: moved to its next opening.
    public var postponed = 0
    /// Attempts by the status they left the delivery in.
    public var outcomes: [String: Int] = [:]
    /// Sent messages by campaign.
    public var sentByCampaign: [String: Int] = [:]
    /// Why sending is paused, when it is.
    public var pausedBecause: String?
    /// Whether the tick was cut short by a shutdown.
    public var interrupted = false
    /// Whether this daemon held the planning lease, and so planned (the other daemons sharing the
    /// store only send).
    public var planning = false
    /// Deliveries other daemons left `sending` when they stopped beating, settled by this tick.
    public var interruptedElsewhere = 0

    public init(now: Date) {
        self.now = now
    }

    /// How many messages the relay accepted in this tick.
    public var sent: Int { outcomes["sent"] ?? 0 }
    /// How many attempts the tick made.
    public var attempts: Int { outcomes.values.reduce(0, +) }

    /// `recorded=3 sent=2 deferred=1 …`, for logs and the systemd status line.
    public var summary: String {
        var parts = ["recorded=\(recorded)"]
        parts += outcomes.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
        if dropped > 0 { parts.append("dropped=\(dropped)") }
        if expired > 0 { parts.append("expired=\(expired)") }
        if cancelled > 0 { parts.append("cancelled=\(cancelled)") }
        if postponed > 0 { parts.append("postponed=\(postponed)") }
        if let pausedBecause { parts.append("paused=\"\(pausedBecause)\"") }
        return parts.joined(separator: " ")
    }
}
