import Foundation
import Mail

extension KeepsakeStore {
    /// The consent-ledger source of a withdrawal by an ARF complaint.
    public static let complaintSource = "complaint"
    /// The consent-ledger source of a withdrawal by mail to the unsubscribe address.
    public static let mailtoUnsubscribeSource = "mailto unsubscribe"

    /// Records one inbound message and does what `action` says — all in one transaction: the
    /// message's row (keyed by its digest) and its effects commit together or not at all, and a
    /// message whose digest is already recorded changes nothing (``InboundOutcome/duplicate``).
    ///
    /// The effects fall on the recipient of the delivery the record is tied to: its address is
    /// suppressed (through the ``SuppressionBreaker``, as a hard bounce at send time is), or its
    /// consent withdrawn. An action that needs a delivery but has none, or whose customer was
    /// forgotten, records ``InboundOutcome/unverified``.
    public func recordInbound(
        _ record: InboundRecord, action: InboundAction, now: Date, recordedBy: String
    ) throws -> InboundOutcome {
        let instant = StoredText.instant(now)
        return try importSession(commit: true, recordedBy: recordedBy) { session in
            let db = session.connection
            let target = try record.deliveryID.flatMap { id in
                try db.row(sql: "SELECT id, customer_id, email, email_digest FROM deliveries WHERE id = ?", arguments: [id])
            }
            let email: String? = try target?["email"]
            let evidence = record.evidence
            try db.execute(
                sql: """
                    INSERT INTO inbound_messages (digest, received_at, source, source_key, size, kind, outcome,
                        delivery_id, email, email_digest, failure, status, diagnostic_code, reporting_mta, feedback_type,
                        reported_at, detail)
                    VALUES (?, ?, ?, ?, ?, ?, '', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING
                    """,
                arguments: [
                    record.digest, instant, record.source, record.sourceKey, record.size, record.kind.rawValue,
                    target?["id"] as Int64?, email, target?["email_digest"] as String?, evidence?.failure, evidence?.status,
                    evidence?.diagnosticCode, evidence?.reportingMTA, evidence?.feedbackType,
                    evidence?.reportedAt.map(StoredText.instant), record.detail,
                ])
            guard db.changesCount == 1 else { return .duplicate }
            let outcome = try Self.act(action, record: record, target: target, now: instant, session: session)
            try db.execute(sql: "UPDATE inbound_messages SET outcome = ? WHERE digest = ?", arguments: [outcome.rawValue, record.digest])
            return outcome
        }
    }

    private static func act(
        _ action: InboundAction, record: InboundRecord, target: StoreRow?, now instant: String, session: ImportSession
    ) throws -> InboundOutcome {
        if case .none(let outcome) = action { return outcome }
        let db = session.connection
        guard let target, let stored = try target["email"] as String?, let email = try? EmailAddress(stored) else { return .unverified }
        let deliveryID: Int64 = try target["id"]
        let digest: String = try target["email_digest"]
        let recordedBy = session.context.recordedBy
        switch action {
        case .none(let outcome):
            return outcome
        case .suppress(let breaker):
            let reply = record.evidence?.diagnosticCode ?? record.evidence?.status ?? "returned mail \(record.digest.prefix(12))"
            let effect = try suppressBounce(deliveryID, reply: reply, now: instant, recordedBy: recordedBy, breaker: breaker, in: db)
            try linkSuppression(deliveryID: deliveryID, to: record.digest, in: db)
            if case .suppressed = effect { return .suppressed }
            return .held
        case .countTemporaryFailure(let limit, let period):
            let since = StoredText.instant((StoredText.date(instant) ?? Date()).addingTimeInterval(-period))
            let count = try db.value(Int.self, sql: """
                    SELECT COUNT(*) FROM inbound_messages
                    WHERE email_digest = ? AND failure = 'temporary' AND received_at >= ?
                    """, arguments: [digest, since]) ?? 0
            guard count >= limit else { return .counted }
            try insertSuppression(
                digest: digest, email: stored, reason: "\(count) temporary failures within \(Int(period / 86_400)) days",
                record: record, deliveryID: deliveryID, now: instant, recordedBy: recordedBy, in: db)
            return .suppressed
        case .complaint(let occurredAt), .unsubscribe(let occurredAt):
            let isComplaint = if case .complaint = action { true } else { false }
            var reference = "delivery \(deliveryID)"
            if let type = record.evidence?.feedbackType { reference = "feedback-type \(type), " + reference }
            let consent = try session.withdrawConsent(
                email: email, customerID: target["customer_id"], source: isComplaint ? complaintSource : mailtoUnsubscribeSource,
                ip: nil, reference: reference, occurredAt: occurredAt)
            if isComplaint {
                try insertSuppression(
                    digest: digest, email: stored, reason: "complaint (\(record.evidence?.feedbackType ?? "abuse"))",
                    record: record, deliveryID: deliveryID, now: instant, recordedBy: recordedBy, in: db)
            }
            switch consent {
            case .recorded: return .consentRevoked
            case .unchanged, .olderThanLedger: return .alreadyOptedOut
            case .refusedForgotten: return .unverified
            }
        }
    }

    private static func insertSuppression(
        digest: String, email: String, reason: String, record: InboundRecord, deliveryID: Int64, now: String,
        recordedBy: String, in db: any StoreConnection
    ) throws {
        try db.execute(
            sql: """
                INSERT INTO suppressions (email_digest, email, reason, reply, delivery_id, created_at, created_by, inbound_digest)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING
                """,
            arguments: [
                digest, email, reason, record.evidence?.diagnosticCode ?? record.evidence?.status, deliveryID, now, recordedBy,
                record.digest,
            ])
    }

    /// Names the inbound message as the evidence of the suppression it just made.
    private static func linkSuppression(deliveryID: Int64, to inboundDigest: String, in db: any StoreConnection) throws {
        try db.execute(
            sql: "UPDATE suppressions SET inbound_digest = ? WHERE delivery_id = ? AND inbound_digest IS NULL",
            arguments: [inboundDigest, deliveryID])
    }

    /// Whether a message with this digest was recorded already.
    public func isInboundRecorded(digest: String) throws -> Bool {
        try database.read { db in
            try db.value(Bool.self, sql: "SELECT EXISTS (SELECT 1 FROM inbound_messages WHERE digest = ?)", arguments: [digest]) ?? false
        }
    }

    /// The delivery whose Message-ID (`<…>`) this is: only Keepsake's own messages are in the ledger.
    public func delivery(messageID: String) throws -> LedgerDelivery? {
        try database.read { db in
            try db.row(sql: "SELECT * FROM deliveries WHERE message_id = ? ORDER BY id LIMIT 1", arguments: [messageID])
                .map(LedgerDelivery.init(row:))
        }
    }
}
