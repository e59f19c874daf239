import Foundation

/// Recomputes the consent ledger's hash chain and checks every event against it.
enum LedgerVerifier {
    /// The first event that does not check out, or the head hash and count when all do.
    static func verify(db: any StoreConnection, digests: PersonalDigest) throws -> LedgerVerification {
        var previous: (sequence: Int64, hash: String) = (0, ChainedFields.genesisHash)
        var count = 0
        var broken: LedgerVerification?
        do {
            try db.forEachRow(sql: "SELECT * FROM consent_events ORDER BY sequence") { row in
                let fields = try ChainedFields(row: row)
                let sequence = fields.sequence
                if let reason = try problem(fields, row: row, after: previous, digests: digests) {
                    broken = .broken(sequence: sequence, reason: reason)
                    throw StopReading()
                }
                previous = (sequence, try row["hash"])
                count += 1
            }
        } catch is StopReading {}
        return broken ?? .intact(headHash: previous.hash, eventCount: count)
    }

    /// Ends the reading at the first broken event.
    private struct StopReading: Error {}

    /// Why the event does not follow `previous` or does not match its own hash and digests.
    private static func problem(
        _ fields: ChainedFields, row: StoreRow, after previous: (sequence: Int64, hash: String), digests: PersonalDigest
    ) throws -> String? {
        let sequence = fields.sequence
        if sequence != previous.sequence + 1 {
            let missing = previous.sequence + 1 == sequence - 1
                ? "event \(previous.sequence + 1) is missing"
                : "events \(previous.sequence + 1)…\(sequence - 1) are missing"
            return previous.sequence == 0
                ? "the ledger starts at event \(sequence): \(missing); the ledger was truncated or edited"
                : "event \(sequence) follows event \(previous.sequence): \(missing) (deleted or renumbered)"
        }
        if fields.previousHash != previous.hash {
            return "event \(sequence) does not link to "
                + (previous.sequence == 0 ? "the start of the ledger" : "event \(previous.sequence)")
                + ": its previous hash is \(fields.previousHash), expected \(previous.hash); "
                + "events before it were deleted, inserted or reordered"
        }
        let stored: String = try row["hash"]
        if fields.hash != stored {
            return "event \(sequence) was edited: its contents hash to \(fields.hash), but its stored hash is \(stored)"
        }
        let plainValues: [(column: String, digest: String?)] = [
            ("email", fields.emailDigest), ("ip", fields.ipDigest), ("customer_id", fields.customerDigest),
        ]
        for (column, digest) in plainValues {
            guard let plain: String = try row[column] else { continue }
            if digests.digest(plain) != digest {
                return "event \(sequence) was edited: its \(column) \"\(plain)\" does not match the digest it was recorded with"
            }
        }
        return nil
    }
}

extension ChainedFields {
    /// The hashed fields of a stored `consent_events` row, read as text whatever was stored.
    init(row: StoreRow) throws {
        func text(_ column: String) -> String? { row.value(named: column)?.storedText }
        try self.init(
            sequence: row["sequence"], customerDigest: text("customer_digest"), emailDigest: text("email_digest") ?? "",
            status: text("status") ?? "", occurredAt: text("occurred_at") ?? "", source: text("source") ?? "",
            ipDigest: text("ip_digest"), wording: text("wording"), reference: text("reference"),
            recordedAt: text("recorded_at") ?? "", recordedBy: text("recorded_by") ?? "",
            previousHash: text("previous_hash") ?? "", preference: text("preference"))
    }
}
