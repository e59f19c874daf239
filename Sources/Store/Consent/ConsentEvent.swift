import Foundation

/// One entry of the consent ledger: who agreed or withdrew, when, how, and what they were told,
/// chained to the entry before it by a hash.
///
/// After `keepsake customers forget` the plain `customerID`, `email` and `ip` are nil; their
/// digests stay, so the chain still verifies and the address is still recognised.
public struct ConsentEvent: Hashable, Sendable, Codable {
    /// The event's place in the ledger, from 1, without gaps.
    public var sequence: Int64
    /// The shop's id of the customer the address belonged to, when known.
    public var customerID: String?
    /// HMAC-SHA256 of the customer id, when there was one.
    public var customerDigest: String?
    /// The normalized address, or nil once erased.
    public var email: String?
    /// HMAC-SHA256 of the normalized address under the store's secret.
    public var emailDigest: String
    /// Opted in or out.
    public var status: ConsentStatus
    /// When the person gave or withdrew consent, as stored (`2026-03-21T09:30:00.000Z`).
    public var occurredAt: String
    /// How: `checkout checkbox`, `newsletter form`, `one-click unsubscribe`, …
    public var source: String
    /// The IP address the person acted from, when known and not erased.
    public var ip: String?
    /// HMAC-SHA256 of the IP address, when there was one.
    public var ipDigest: String?
    /// What the person was told, or a version id of that wording.
    public var wording: String?
    /// Where Keepsake learned it, e.g. `import customers.csv:42`.
    public var reference: String?
    /// When Keepsake recorded it (`2026-03-21T09:30:00.000Z`).
    public var recordedAt: String
    /// Who recorded it: the import, the command, the operator.
    public var recordedBy: String
    /// What the event is about besides the address's consent as a whole (a topic, a pause, a
    /// frequency); nil for the address's consent itself.
    public var preference: ConsentPreference?
    /// The hash of the event before (64 zeros for the first).
    public var previousHash: String
    /// SHA-256 over this event's canonical encoding, hexadecimal.
    public var hash: String

    /// Reads a `consent_events` row.
    init(row: StoreRow) throws {
        sequence = try row["sequence"]
        guard let status = ConsentStatus(rawValue: try row["status"]) else {
            throw StoreError.corrupt(
                table: "consent_events", row: "event \(sequence)", column: "status", value: try row["status"],
                expected: "opted_in or opted_out")
        }
        self.status = status
        customerID = try row["customer_id"]
        customerDigest = try row["customer_digest"]
        email = try row["email"]
        emailDigest = try row["email_digest"]
        occurredAt = try row["occurred_at"]
        source = try row["source"]
        ip = try row["ip"]
        ipDigest = try row["ip_digest"]
        wording = try row["wording"]
        reference = try row["reference"]
        recordedAt = try row["recorded_at"]
        recordedBy = try row["recorded_by"]
        previousHash = try row["previous_hash"]
        hash = try row["hash"]
        if let stored: String = try row["preference"] {
            guard let preference = ConsentPreference(storedText: stored) else {
                throw StoreError.corrupt(
                    table: "consent_events", row: "event \(sequence)", column: "preference", value: stored,
                    expected: "topic ID, pause until YYYY-MM-DD or frequency any|monthly")
            }
            self.preference = preference
        }
    }
}

/// What became of a consent observation.
public enum ConsentOutcome: Hashable, Sendable {
    /// A new event was appended; the address's consent is now this status.
    case recorded(ConsentStatus)
    /// The address's latest event already has this status; nothing was written.
    case unchanged
    /// The ledger holds a later event for the address; the observation is history and was not written.
    case olderThanLedger
    /// The address was erased with `keepsake customers forget`; nothing was written.
    case refusedForgotten
}

/// The result of recomputing the consent ledger's hash chain.
public enum LedgerVerification: Hashable, Sendable {
    /// Every event is in place and unedited. Record the head hash and count elsewhere: a later
    /// verify with fewer events or another head means the ledger was truncated.
    case intact(headHash: String, eventCount: Int)
    /// The first event that does not check out, and why.
    case broken(sequence: Int64, reason: String)
}
