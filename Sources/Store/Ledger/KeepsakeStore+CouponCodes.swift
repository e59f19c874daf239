import Calendars
import Foundation

extension KeepsakeStore {
    /// How many candidates are tried for one occurrence before giving up. With 50-bit codes a
    /// store reaching a million codes of one prefix needs a second candidate at all with a
    /// chance of about 1 in 2,000; the limit only stops a damaged store from looping forever.
    public static let couponCandidateLimit = 64

    /// Gives each occurrence its coupon code, for good, in one transaction: the code it already
    /// holds, else the first of its candidates (`candidate(occurrence, 0)`, `candidate(occurrence, 1)`,
    /// …) that no other occurrence holds. The store refuses a second holder of any code (the table's
    /// primary key), so codes are unique across every campaign and customer, and a reserved code
    /// never changes: the first occurrence to reserve a contested code keeps it.
    ///
    /// - Parameters:
    ///   - occurrences: In the order contested codes are settled; duplicates are given one code.
    ///   - reservedBy: Who reserves, kept with each new code: `keepsake run`, `keepsake coupons export (user …)`.
    ///   - fillingLedger: Whether the occurrences may have ledger rows without a code (recorded by a
    ///     Keepsake that did not reserve codes): those rows get their code too, so that their next
    ///     attempt carries it.
    ///   - candidate: The n-th candidate code of an occurrence; must always give the same code for the same arguments.
    /// - Throws: `StoreError` `invalidArgument` when all ``couponCandidateLimit`` candidates are taken.
    public func reserveCouponCodes(
        _ occurrences: [OccurrenceID], reservedBy: String, now: Date, fillingLedger: Bool = false,
        candidate: (OccurrenceID, Int) -> String
    ) throws -> [OccurrenceID: String] {
        guard !occurrences.isEmpty else { return [:] }
        return try database.write { db in
            var book = CouponBook(db: db, reserve: (by: reservedBy, at: StoredText.instant(now)))
            let codes = try book.codes(for: occurrences, candidate: candidate)
            if fillingLedger {
                for (occurrence, code) in codes {
                    try db.execute(
                        sql: """
                            UPDATE deliveries SET coupon_code = ?
                            WHERE campaign_id = ? AND customer_id = ? AND occurrence_date = ? AND coupon_code IS NULL
                            """,
                        arguments: [code, occurrence.campaignID, occurrence.customerID, occurrence.date.description])
                }
            }
            return codes
        }
    }

    /// The codes ``reserveCouponCodes(_:reservedBy:now:fillingLedger:candidate:)`` would give, without reserving
    /// anything: for `keepsake preview`, which writes nothing. An occurrence that already holds a
    /// code gets it; the others get their first candidate that is free (and not given to an earlier
    /// occurrence of the list), which is what they will keep unless another occurrence reserves it first.
    public func couponCodes(
        _ occurrences: [OccurrenceID], candidate: (OccurrenceID, Int) -> String
    ) throws -> [OccurrenceID: String] {
        guard !occurrences.isEmpty else { return [:] }
        // Reentrant: `keepsake preview` looks codes up while the planner reads.
        return try database.reentrantRead { db in
            var book = CouponBook(db: db, reserve: nil)
            return try book.codes(for: occurrences, candidate: candidate)
        }
    }

    /// The send-ledger rows of one campaign for the customers' local days in `days`, by day and customer.
    public func deliveries(campaignID: String, days: ClosedRange<LocalDate>) throws -> [LedgerDelivery] {
        try database.read { db in
            try db.rows(sql: """
                    SELECT * FROM deliveries WHERE campaign_id = ? AND day BETWEEN ? AND ?
                    ORDER BY day, customer_id, occurrence_date, id
                    """, arguments: [campaignID, days.lowerBound.description, days.upperBound.description]
            ).map(LedgerDelivery.init(row:))
        }
    }
}

/// The coupon codes table seen through one transaction: looks codes up and, when reserving,
/// writes new ones.
private struct CouponBook {
    let db: any StoreConnection
    /// Who reserves and when; nil for a look-up that writes nothing.
    let reserve: (by: String, at: String)?
    /// Codes given in this call and not written (a look-up), so that two occurrences of one list
    /// never get the same code.
    var givenHere: Set<String> = []

    init(db: any StoreConnection, reserve: (by: String, at: String)?) {
        self.db = db
        self.reserve = reserve
    }

    private static let byOccurrenceSQL = "SELECT code FROM coupon_codes WHERE campaign_id = ? AND customer_id = ? AND occurrence_date = ?"
    private static let holderSQL = "SELECT 1 FROM coupon_codes WHERE code = ?"
    private static let insertSQL = """
        INSERT INTO coupon_codes (code, campaign_id, customer_id, occurrence_date, candidate, reserved_at, reserved_by)
        VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING
        """

    mutating func codes(
        for occurrences: [OccurrenceID], candidate: (OccurrenceID, Int) -> String
    ) throws -> [OccurrenceID: String] {
        var codes: [OccurrenceID: String] = [:]
        codes.reserveCapacity(occurrences.count)
        for occurrence in occurrences where codes[occurrence] == nil {
            codes[occurrence] = try code(for: occurrence, candidate: candidate)
        }
        return codes
    }

    private mutating func code(for occurrence: OccurrenceID, candidate: (OccurrenceID, Int) -> String) throws -> String {
        let key: StoreArguments = [occurrence.campaignID, occurrence.customerID, occurrence.date.description]
        if let held = try db.value(String.self, sql: Self.byOccurrenceSQL, arguments: key) { return held }
        for number in 0..<KeepsakeStore.couponCandidateLimit {
            let code = candidate(occurrence, number)
            guard !givenHere.contains(code) else { continue }
            if let reserve {
                // The occurrence held no code when this transaction looked: the insert is a no-op when
                // another occurrence holds the code, or when another writer (a second daemon planning
                // on PostgreSQL) gave this occurrence its code since; then that code is the one.
                try db.execute(sql: Self.insertSQL, arguments: [code] + key + [number, reserve.at, reserve.by])
                guard db.changesCount == 1 else {
                    if let held = try db.value(String.self, sql: Self.byOccurrenceSQL, arguments: key) { return held }
                    continue
                }
            } else if try db.value(Bool.self, sql: Self.holderSQL, arguments: [code]) ?? false {
                continue
            }
            givenHere.insert(code)
            return code
        }
        throw StoreError(
            .invalidArgument,
            "all \(KeepsakeStore.couponCandidateLimit) candidate coupon codes of \(occurrence) are taken; "
                + "the coupon_codes table is full or damaged (restore the store from a backup)")
    }
}
