import Campaigns
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

    /// The files, checked by the caller (`keepsake validate`'s checks).
    public init(
        calendar: CommunicationCalendar, campaigns: [Campaign], composer: DeliveryComposer,
        envelopeSender: EnvelopeSender? = nil
    ) {
        self.calendar = calendar
        self.campaigns = campaigns
        self.composer = composer
        self.envelopeSender = envelopeSender
    }
}

/// What one tick did.
public struct TickReport: Sendable, Hashable {
    /// The tick's instant.
    public var now: Date
    /// Deliveries that became due and were written to the ledger (planned or dropped).
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
