import Foundation
import Mail

extension KeepsakeStore {
    /// Records that the person at `email` opted in (`keepsake consent grant`), attached to the
    /// first customer with that address when there is one.
    public func grant(
        email: EmailAddress, source: String, ip: String? = nil, wording: String? = nil, reference: String? = nil,
        occurredAt: Date = Date(), recordedBy: String
    ) throws -> ConsentOutcome {
        let observation = ConsentObservation(
            status: .optedIn, occurredAt: occurredAt, source: source, ip: ip, wording: wording, reference: reference)
        return try record(observation, email: email, recordedBy: recordedBy)
    }

    /// Records that the person at `email` withdrew consent (`keepsake consent revoke`, a one-click
    /// unsubscribe), attached to the first customer with that address when there is one.
    public func revoke(
        email: EmailAddress, source: String, ip: String? = nil, reference: String? = nil,
        occurredAt: Date = Date(), recordedBy: String
    ) throws -> ConsentOutcome {
        let observation = ConsentObservation(
            status: .optedOut, occurredAt: occurredAt, source: source, ip: ip, reference: reference)
        return try record(observation, email: email, recordedBy: recordedBy)
    }

    /// Records any observation in its own transaction, by the rules of
    /// ``ImportSession/observeConsent(_:email:customerID:)``.
    public func record(
        _ observation: ConsentObservation, email: EmailAddress, recordedBy: String
    ) throws -> ConsentOutcome {
        try importSession(commit: true, recordedBy: recordedBy) { session in
            let customerID = try session.connection.value(String.self, sql: "SELECT id FROM customers WHERE email_normalized = ? ORDER BY id LIMIT 1",
                arguments: [email.normalizedForStore])
            return try session.observeConsent(observation, email: email, customerID: customerID)
        }
    }

    /// The ledger's events about one address (including erased ones, found by digest), or every
    /// event when `email` is nil, in ledger order.
    public func consentLog(email: EmailAddress?) throws -> [ConsentEvent] {
        try database.read { db in try ConsentLedger.events(db: db, emailDigest: email.map(digests.digest)) }
    }

    /// The address's consent now: the status of its latest event, or nil (no marketing) when it has none.
    public func currentConsent(email: EmailAddress) throws -> ConsentStatus? {
        try database.read { db in try ConsentLedger.currentStatus(db: db, emailDigest: digests.digest(email)) }
    }

    /// Recomputes the whole hash chain (`keepsake consent verify`): the head hash and count, or
    /// the first event that was edited, removed or moved, and why.
    public func verifyConsentLedger() throws -> LedgerVerification {
        try database.read { db in try LedgerVerifier.verify(db: db, digests: digests) }
    }
}
