import Foundation

extension KeepsakeStore {
    /// The inbound messages tied to one delivery, oldest first.
    public func inboundEntries(deliveryID: Int64) throws -> [InboundEntry] {
        try database.read { db in
            try db.rows(sql: "SELECT * FROM inbound_messages WHERE delivery_id = ? ORDER BY received_at, digest", arguments: [deliveryID]
            ).map(Self.inboundEntry(row:))
        }
    }

    /// The inbound messages with one of these outcomes (such as kept aside and unverified), newest
    /// first, at most `limit`.
    public func inboundEntries(outcomes: Set<InboundOutcome>, limit: Int) throws -> [InboundEntry] {
        let names = outcomes.map(\.rawValue).sorted()
        let placeholders = Array(repeating: "?", count: names.count).joined(separator: ", ")
        return try database.read { db in
            try db.rows(sql: "SELECT * FROM inbound_messages WHERE outcome IN (\(placeholders)) ORDER BY received_at DESC, digest LIMIT ?",
                arguments: StoreArguments(names + [String(limit)])
            ).map(Self.inboundEntry(row:))
        }
    }

    /// One inbound message by its digest.
    public func inboundEntry(digest: String) throws -> InboundEntry? {
        try database.read { db in
            try db.row(sql: "SELECT * FROM inbound_messages WHERE digest = ?", arguments: [digest]).map(Self.inboundEntry(row:))
        }
    }

    /// How many inbound messages had each outcome, all of them or those processed since `since`.
    public func inboundOutcomeCounts(since: Date? = nil) throws -> [InboundOutcome: Int] {
        try database.read { db in
            var counts: [InboundOutcome: Int] = [:]
            for row in try db.rows(sql: "SELECT outcome, COUNT(*) AS count FROM inbound_messages WHERE received_at >= ? GROUP BY outcome",
                arguments: [since.map(StoredText.instant) ?? ""]) {
                if let outcome = InboundOutcome(rawValue: try row["outcome"]) { counts[outcome] = try row["count"] as Int }
            }
            return counts
        }
    }

    /// Keeps what the daemon's last reading of its inbound sources did, for `keepsake status`.
    public func recordInboundPoll(_ poll: InboundPoll) throws {
        try database.write { db in try Self.writeState(poll, key: "inbound_poll", db: db) }
    }

    /// What the daemon's last reading of its inbound sources did.
    public func lastInboundPoll() throws -> InboundPoll? {
        try database.read { db in try Self.readState(InboundPoll.self, key: "inbound_poll", db: db) }
    }

    static func inboundEntry(row: StoreRow) throws -> InboundEntry {
        let failure: String? = try row["failure"]
        let evidence = try failure.map { failure in
            try InboundEvidence(
                failure: failure, status: row["status"], diagnosticCode: row["diagnostic_code"],
                reportingMTA: row["reporting_mta"], feedbackType: row["feedback_type"],
                reportedAt: (row["reported_at"] as String?).flatMap(StoredText.date))
        }
        let record = try InboundRecord(
            digest: row["digest"], source: row["source"], sourceKey: row["source_key"], size: row["size"],
            kind: InboundKind(rawValue: row["kind"]) ?? .unrecognised, deliveryID: row["delivery_id"], evidence: evidence,
            detail: row["detail"])
        return try InboundEntry(
            record: record, outcome: InboundOutcome(rawValue: row["outcome"]) ?? .noEffect,
            receivedAt: StoredText.date(row["received_at"]) ?? Date(timeIntervalSince1970: 0), email: row["email"])
    }
}

/// One reading of every inbound source by the daemon.
public struct InboundPoll: Hashable, Sendable, Codable {
    public var at: Date
    /// Messages processed in it.
    public var messages: Int
    /// The sources that failed, with why (their messages wait for the next reading).
    public var failedSources: [String]

    public init(at: Date, messages: Int, failedSources: [String]) {
        self.at = at
        self.messages = messages
        self.failedSources = failedSources
    }
}
