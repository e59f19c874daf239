import Foundation

/// Whether a person agreed to receive marketing email.
public enum ConsentStatus: String, Hashable, Sendable, Codable {
    case optedIn = "opted_in"
    case optedOut = "opted_out"
}

/// A statement about someone's consent that is about to enter the consent ledger: from an import
/// row, a `keepsake consent` command, or a one-click unsubscribe.
public struct ConsentObservation: Hashable, Sendable {
    /// Opted in or out.
    public var status: ConsentStatus
    /// When the person gave or withdrew consent (not when Keepsake learned of it).
    public var occurredAt: Date
    /// How: `checkout checkbox`, `newsletter form`, `one-click unsubscribe`, …
    public var source: String
    /// The address the person acted from, when known.
    public var ip: String?
    /// What the person was told, or a version id of that wording.
    public var wording: String?
    /// Where Keepsake learned it, e.g. `import customers.csv:42` or `keepsake consent grant`.
    public var reference: String?
    /// What the statement is about besides the address's consent as a whole (a topic, a pause, a
    /// frequency); nil for the address's consent itself.
    public var preference: ConsentPreference?

    public init(
        status: ConsentStatus, occurredAt: Date, source: String,
        ip: String? = nil, wording: String? = nil, reference: String? = nil, preference: ConsentPreference? = nil
    ) {
        self.preference = preference
        self.status = status
        self.occurredAt = occurredAt
        self.source = source
        self.ip = ip
        self.wording = wording
        self.reference = reference
    }
}
