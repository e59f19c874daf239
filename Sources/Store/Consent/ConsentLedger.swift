import Foundation
import Mail

/// Appends to and reads the consent ledger.
enum ConsentLedger {
    /// Records the observation when it changes the address's consent; see
    /// ``ImportSession/observeConsent(_:email:customerID:)``.
    static func observe(
        _ observation: ConsentObservation, email: EmailAddress, customerID: String?, session: ImportSession
    ) throws -> ConsentOutcome {
        let context = session.context
        let source = observation.source.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !source.isEmpty else {
            throw StoreError(
                .invalidArgument,
                "the consent of \(email) has no source; say how it was given or withdrawn, e.g. \"checkout checkbox\"")
        }
        let emailDigest = context.digests.digest(email)
        if context.erased.contains(emailDigest) { return .refusedForgotten }
        let occurredAt = StoredText.instant(observation.occurredAt)
        // The head first: on PostgreSQL it waits for the chain's lock, so what is compared below is
        // what the writers before this one committed.
        let head = try chainHead(session: session)
        if let outcome = try compareWithLatest(observation, occurredAt: occurredAt, emailDigest: emailDigest, db: session.connection) {
            return outcome
        }
        let ip = observation.ip.flatMap { $0.isEmpty ? nil : $0 }
        let fields = ChainedFields(
            sequence: head.sequence + 1, customerDigest: customerID.map(context.digests.digest),
            emailDigest: emailDigest, status: observation.status.rawValue, occurredAt: occurredAt, source: source,
            ipDigest: ip.map(context.digests.digest), wording: observation.wording, reference: observation.reference,
            recordedAt: context.now, recordedBy: context.recordedBy, previousHash: head.hash,
            preference: observation.preference?.description)
        let hash = fields.hash
        try session.connection.execute(sql: """
            INSERT INTO consent_events (sequence, customer_id, customer_digest, email, email_digest, status,
                occurred_at, source, ip, ip_digest, wording, reference, recorded_at, recorded_by, previous_hash, hash,
                preference)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [
            fields.sequence, customerID, fields.customerDigest, email.normalizedForStore, emailDigest,
            fields.status, occurredAt, source, ip, fields.ipDigest, fields.wording, fields.reference,
            fields.recordedAt, fields.recordedBy, fields.previousHash, hash, fields.preference,
        ])
        context.chainHead = (fields.sequence, hash)
        return .recorded(observation.status)
    }

    /// Why the observation is not written (older than the latest event of its kind, or repeating
    /// it), or nil to write it. The kinds are the address's consent itself (no preference), each
    /// topic, the pause and the frequency; a topic without an event is kept and the frequency
    /// without one is ``MailFrequency/any``, so stating either writes nothing.
    private static func compareWithLatest(
        _ observation: ConsentObservation, occurredAt: String, emailDigest: String, db: any StoreConnection
    ) throws -> ConsentOutcome? {
        let preference = observation.preference
        let condition = switch preference {
        case nil: "preference IS NULL"
        case .topic: "preference = ?"
        case .pause, .frequency: "preference LIKE ? || ' %'"
        }
        var arguments: StoreArguments = [emailDigest]
        if let preference { arguments += [preference.kind] }
        guard let latest = try db.row(sql: """
            SELECT status, occurred_at, preference FROM consent_events WHERE email_digest = ? AND \(condition)
            ORDER BY sequence DESC LIMIT 1
            """, arguments: arguments) else {
            switch preference {
            case .topic where observation.status == .optedIn, .frequency(.any): return .unchanged
            default: return nil
            }
        }
        if try occurredAt < latest["occurred_at"] as String { return .olderThanLedger }
        if try observation.status.rawValue == latest["status"] as String,
           try preference?.description == latest["preference"] as String? {
            return .unchanged
        }
        return nil
    }

    /// The last event's sequence number and hash, read once per session (zero and the genesis
    /// hash for an empty ledger).
    ///
    /// The ledger stays ONE chain under concurrent writers: on PostgreSQL, where several daemons
    /// and commands write at once, the session first takes the chain's transaction-scoped advisory
    /// lock (``chainLock``), held until it commits or rolls back, so the head it reads stays the
    /// head while it appends. On SQLite the write lock already serializes the sessions.
    private static func chainHead(session: ImportSession) throws -> (sequence: Int64, hash: String) {
        if let head = session.context.chainHead { return head }
        if session.connection.engine == .postgresql {
            try session.connection.execute(sql: "SELECT pg_advisory_xact_lock(\(chainLock))")
        }
        let row = try session.connection.row(sql: "SELECT sequence, hash FROM consent_events ORDER BY sequence DESC LIMIT 1")
        let head = try row.map { (sequence: try $0["sequence"] as Int64, hash: try $0["hash"] as String) }
            ?? (sequence: 0, hash: ChainedFields.genesisHash)
        session.context.chainHead = head
        return head
    }

    /// The advisory lock key of the consent chain on PostgreSQL: "consent" in ASCII.
    static let chainLock: Int64 = 0x63_6F6E_7365_6E74

    /// The events about one address (by its digest, so erased events are included), or all of
    /// them, in ledger order.
    static func events(db: any StoreConnection, emailDigest: String?) throws -> [ConsentEvent] {
        let rows: [StoreRow]
        if let emailDigest {
            rows = try db.rows(sql: "SELECT * FROM consent_events WHERE email_digest = ? ORDER BY sequence",
                arguments: [emailDigest])
        } else {
            rows = try db.rows(sql: "SELECT * FROM consent_events ORDER BY sequence")
        }
        return try rows.map(ConsentEvent.init(row:))
    }

    /// The address's consent with its preferences folded in ledger order (status opted out when
    /// the address has no consent event of its own).
    static func preferences(db: any StoreConnection, emailDigest: String) throws -> CustomerConsent {
        var consent = CustomerConsent(status: try currentStatus(db: db, emailDigest: emailDigest) ?? .optedOut)
        try db.forEachRow(
            sql: "SELECT status, preference FROM consent_events WHERE email_digest = ? AND preference IS NOT NULL ORDER BY sequence",
            arguments: [emailDigest]
        ) { row in
            guard let preference = ConsentPreference(storedText: try row["preference"]),
                  let status = ConsentStatus(rawValue: try row["status"]) else { return }
            consent.apply(preference, status: status)
        }
        return consent
    }

    /// The address's current consent: the status of its latest event without a preference, or nil when it has none.
    static func currentStatus(db: any StoreConnection, emailDigest: String) throws -> ConsentStatus? {
        let status = try db.value(String.self, sql: "SELECT status FROM consent_events WHERE email_digest = ? AND preference IS NULL ORDER BY sequence DESC LIMIT 1",
            arguments: [emailDigest])
        return status.flatMap(ConsentStatus.init(rawValue:))
    }
}
