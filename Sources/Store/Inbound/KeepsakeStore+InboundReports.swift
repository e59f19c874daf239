import Foundation
import GRDB

extension KeepsakeStore {
    /// The inbound messages tied to one delivery, oldest first.
    public func inboundEntries(deliveryID: Int64) throws -> [InboundEntry] {
        try pool.read { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM inbound_messages WHERE delivery_id = ? ORDER BY received_at, digest", arguments: [deliveryID]
            ).map(Self.inboundEntry(row:))
        }
    }

    /// The inbound messages with one of these outcomes (such as kept aside and unverified), newest
    /// first, at most `limit`.
    public func inboundEntries(outcomes: Set<InboundOutcome>, limit: Int) throws -> [InboundEntry] {
        let names = outcomes.map(\.rawValue).sorted()
        let placeholders = Array(repeating: "?", count: names.count).joined(separator: ", ")
        return try pool.read { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM inbound_messages WHERE outcome IN (\(placeholders)) ORDER BY received_at DESC, digest LIMIT ?",
                arguments: StatementArguments(names + [String(limit)])
            ).map(Self.inboundEntry(row:))
        }
    }

    /// One inbound message by its digest.
    public func inboundEntry(digest: String) throws -> InboundEntry? {
        try pool.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM inbound_messages WHERE digest = ?", arguments: [digest]).map(Self.inboundEntry(row:))
        }
    }

    /// How many inbound messages had each outcome.
    public func inboundOutcomeCounts() throws -> [InboundOutcome: Int] {
        try pool.read { db in
            var counts: [InboundOutcome: Int] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT outcome, COUNT(*) AS count FROM inbound_messages GROUP BY outcome") {
                if let outcome = InboundOutcome(rawValue: row["outcome"]) { counts[outcome] = row["count"] }
            }
            return counts
        }
    }

    static func inboundEntry(row: Row) -> InboundEntry {
        let failure: String? = row["failure"]
        let evidence = failure.map { failure in
            InboundEvidence(
                failure: failure, status: row["status"], diagnosticCode: row["diagnostic_code"],
                reportingMTA: row["reporting_mta"], feedbackType: row["feedback_type"],
                reportedAt: (row["reported_at"] as String?).flatMap(StoredText.date))
        }
        let record = InboundRecord(
            digest: row["digest"], source: row["source"], sourceKey: row["source_key"], size: row["size"],
            kind: InboundKind(rawValue: row["kind"]) ?? .unrecognised, deliveryID: row["delivery_id"], evidence: evidence,
            detail: row["detail"])
        return InboundEntry(
            record: record, outcome: InboundOutcome(rawValue: row["outcome"]) ?? .noEffect,
            receivedAt: StoredText.date(row["received_at"]) ?? Date(timeIntervalSince1970: 0), email: row["email"])
    }
}
