import Foundation
import Mail

/// An address Keepsake never writes to again: a hard bounce, or an operator's decision.
public struct Suppression: Hashable, Sendable {
    /// The address (nil once its owner was forgotten: the digest still suppresses it).
    public var email: String?
    /// `hard bounce`, or the operator's reason.
    public var reason: String
    /// The relay's reply that caused it, for a bounce.
    public var reply: String?
    /// The delivery that bounced, for a bounce.
    public var deliveryID: Int64?
    /// When, and by whom (`keepsake run`, `keepsake suppression add`).
    public var createdAt: Date
    public var createdBy: String
    /// The digest of the returned mail that caused it (``KeepsakeStore/inboundEntry(digest:)``), if any.
    public var inboundDigest: String?
}

extension KeepsakeStore {
    /// Puts an address on the suppression list. Returns false when it already was.
    @discardableResult
    public func suppress(email: EmailAddress, reason: String, recordedBy: String, now: Date = Date()) throws -> Bool {
        let reason = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !reason.isEmpty else {
            throw StoreError(.invalidArgument, "a suppression needs a reason, such as \"asked by phone not to be written to\"")
        }
        return try database.write { db in
            try db.execute(
                sql: """
                    INSERT INTO suppressions (email_digest, email, reason, created_at, created_by)
                    VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING
                    """,
                arguments: [digests.digest(email), email.normalizedForStore, reason, StoredText.instant(now), recordedBy])
            return db.changesCount == 1
        }
    }

    /// Takes an address off the suppression list. Returns false when it was not on it.
    @discardableResult
    public func unsuppress(email: EmailAddress) throws -> Bool {
        try database.write { db in
            try db.execute(sql: "DELETE FROM suppressions WHERE email_digest = ?", arguments: [digests.digest(email)])
            return db.changesCount == 1
        }
    }

    /// The suppression entry of an address, if it has one.
    public func suppression(of email: EmailAddress) throws -> Suppression? {
        try readForPlanning { reader in try reader.suppression(of: email) }
    }

    /// The suppression list, oldest first.
    public func suppressions() throws -> [Suppression] {
        try database.read { db in
            try db.rows(sql: "SELECT * FROM suppressions ORDER BY created_at, email").map(Self.suppression(row:))
        }
    }

    /// How many addresses are suppressed.
    public func suppressionCount() throws -> Int {
        try database.read { db in try db.value(Int.self, sql: "SELECT COUNT(*) FROM suppressions") ?? 0 }
    }

    static func suppression(row: StoreRow) throws -> Suppression {
        try Suppression(
            email: row["email"], reason: row["reason"], reply: row["reply"], deliveryID: row["delivery_id"],
            createdAt: StoredText.date(row["created_at"]) ?? Date(timeIntervalSince1970: 0), createdBy: row["created_by"],
            inboundDigest: row["inbound_digest"])
    }
}
