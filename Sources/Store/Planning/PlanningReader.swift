import Calendars
import Foundation
import Mail

extension KeepsakeStore {
    /// Runs `body` with a reader of the planner's queries, all in one read transaction: a
    /// consistent view of customers and consent, which writers (imports, unsubscribes) do not wait
    /// for. `body` may write through the store (the daemon records each batch it plans): writes go
    /// through the store's writing connection, outside this read.
    ///
    /// ```swift
    /// try store.readForPlanning { reader in
    ///     try reader.customers(.birthday(calendar: .persian, monthDays: [101])) { batch in
    ///         let consent = try reader.consent(of: batch)
    ///     }
    /// }
    /// ```
    public func readForPlanning<Result>(_ body: (PlanningReader) throws -> Result) throws -> Result {
        try database.read { db in try body(PlanningReader(db: db, digests: digests, consentSnapshot: ConsentSnapshot())) }
    }
}

/// The planner's view of the store; valid only inside ``KeepsakeStore/readForPlanning(_:)``.
public struct PlanningReader {
    let db: any StoreConnection
    let digests: PersonalDigest
    /// The whole consent ledger, once the run has asked about many customers.
    let consentSnapshot: ConsentSnapshot

    /// The number of customers a batch holds at most.
    public static let defaultBatchSize = 2_000

    /// Streams the customers `filter` selects, in batches of at most `batchSize`, by id order,
    /// without holding them all in memory. `body` may call the reader's other methods.
    public func customers(
        _ filter: CandidateFilter, batchSize: Int = defaultBatchSize, _ body: ([CustomerRecord]) throws -> Void
    ) throws {
        let (condition, arguments) = filter.condition
        var batch: [CustomerRecord] = []
        batch.reserveCapacity(min(batchSize, 4_096))
        try db.forEachRow(
            sql: "SELECT \(CustomerRecord.selection) FROM customers WHERE \(condition) ORDER BY id",
            arguments: StoreArguments(arguments)
        ) { row in
            batch.append(try CustomerRecord(row: row))
            if batch.count >= batchSize {
                try body(batch)
                batch.removeAll(keepingCapacity: true)
            }
        }
        if !batch.isEmpty { try body(batch) }
    }

    /// All the customers `filter` selects, for filters that select few (an indexed day's candidates).
    public func customers(_ filter: CandidateFilter) throws -> [CustomerRecord] {
        var all: [CustomerRecord] = []
        try customers(filter) { all += $0 }
        return all
    }

    /// The customers with these shop ids, by id, read in a few queries rather than one per id
    /// (a preview composes thousands of messages); unknown ids are absent.
    public func customers(ids: some Collection<String>) throws -> [String: CustomerRecord] {
        var result: [String: CustomerRecord] = [:]
        let list = Array(Set(ids))
        for start in stride(from: 0, to: list.count, by: 500) {
            let chunk = Array(list[start..<min(start + 500, list.count)])
            let placeholders = Array(repeating: "?", count: chunk.count).joined(separator: ", ")
            // Streamed: each row decoded by position while the statement steps, never copied.
            try db.forEachRow(
                sql: "SELECT \(CustomerRecord.selection) FROM customers WHERE id IN (\(placeholders))",
                arguments: StoreArguments(chunk)
            ) { row in
                let customer = try CustomerRecord(row: row)
                result[customer.id] = customer
            }
        }
        return result
    }

    /// The customer with this shop id or, failing that, the first (by id) with this email address.
    public func customer(idOrEmail: String) throws -> CustomerRecord? {
        if let row = try db.row(
            sql: "SELECT \(CustomerRecord.selection) FROM customers WHERE id = ?", arguments: [idOrEmail]
        ) {
            return try CustomerRecord(row: row)
        }
        guard let email = try? EmailAddress(idOrEmail) else { return nil }
        return try db.row(
            sql: "SELECT \(CustomerRecord.selection) FROM customers WHERE email_normalized = ? ORDER BY id LIMIT 1",
            arguments: [email.normalizedForStore]
        ).map(CustomerRecord.init(row:))
    }

    /// The suppression entry of an address, if it is on the list (`keepsake explain` names it).
    public func suppression(of email: EmailAddress) throws -> Suppression? {
        try db.row(
            sql: "SELECT * FROM suppressions WHERE email_digest = ?", arguments: [digests.digest(email)]
        ).map(KeepsakeStore.suppression(row:))
    }

    /// The current consent of each customer's address, by customer id: the status of the
    /// address's latest consent event. A customer whose address has no event, or is on the
    /// suppression list, is absent (no marketing).
    public func consent(of customers: [CustomerRecord]) throws -> [String: ConsentStatus] {
        try consentView(of: customers).mapValues(\.status)
    }

    /// The current consent of each customer's address with its preferences (topics left, a
    /// pause, the frequency), by customer id: the status of the address's latest event without a
    /// preference, and each preference's latest event. A customer whose address has no such
    /// event, or is on the suppression list, is absent (no marketing).
    public func consentView(of customers: [CustomerRecord]) throws -> [String: CustomerConsent] {
        if let snapshot = try consentSnapshot.contents(counting: customers.count, db: db) {
            var result: [String: CustomerConsent] = [:]
            result.reserveCapacity(customers.count)
            for customer in customers {
                let key = digests.key(customer.email)
                guard !snapshot.suppressed.contains(key), let status = snapshot.statuses[key] else { continue }
                var view = CustomerConsent(status: status)
                for (preference, eventStatus) in snapshot.preferences[key] ?? [] {
                    view.apply(preference, status: eventStatus)
                }
                result[customer.id] = view
            }
            return result
        }
        var idsByDigest: [String: [String]] = [:]
        for customer in customers {
            idsByDigest[digests.digest(customer.email), default: []].append(customer.id)
        }
        var result: [String: CustomerConsent] = [:]
        let digestList = Array(idsByDigest.keys)
        let chunkSize = 500
        for start in stride(from: 0, to: digestList.count, by: chunkSize) {
            let chunk = Array(digestList[start..<min(start + chunkSize, digestList.count)])
            let placeholders = Array(repeating: "?", count: chunk.count).joined(separator: ", ")
            // Each address's events in ledger order (a later event replaces an earlier one), in the
            // order of the index on (email_digest, sequence): no sort.
            var preferences: [(digest: String, ConsentPreference, ConsentStatus)] = []
            try db.forEachRow(
                sql: "SELECT email_digest, status, preference FROM consent_events WHERE email_digest IN (\(placeholders)) "
                    + "ORDER BY email_digest, sequence", arguments: StoreArguments(chunk)
            ) { row in
                guard let status = ConsentStatus(rawValue: try row[1]) else { return }
                let digest: String = try row[0]
                if let text = try row[2] as String? {
                    if let preference = ConsentPreference(storedText: text) { preferences.append((digest, preference, status)) }
                    return
                }
                for id in idsByDigest[digest] ?? [] { result[id] = CustomerConsent(status: status) }
            }
            for (digest, preference, status) in preferences {
                for id in idsByDigest[digest] ?? [] { result[id]?.apply(preference, status: status) }
            }
            // A suppressed address (hard bounce, operator) is never written to, whatever its consent.
            let suppressed = try db.values(
                String.self, sql: "SELECT email_digest FROM suppressions WHERE email_digest IN (\(placeholders))",
                arguments: StoreArguments(chunk))
            for digest in suppressed {
                for id in idsByDigest[digest] ?? [] { result[id] = nil }
            }
        }
        return result
    }
}
