import Calendars
import Foundation
import Mail

/// What ``ImportSession/upsert(_:)`` did with a customer.
public enum UpsertOutcome: Hashable, Sendable {
    /// A customer with a new id was added.
    case inserted
    /// A known customer had at least one field changed.
    case updated
    /// A known customer already held exactly these values; nothing was written.
    case unchanged
    /// The address was erased with `keepsake customers forget`; the row was not stored.
    case skippedForgotten
}

/// Writes into the store inside one ``KeepsakeStore/importSession(commit:recordedBy:_:)``
/// transaction. Valid only inside the session's body; everything it writes is committed or
/// rolled back together.
public struct ImportSession {
    /// The connection of the session's transaction.
    let connection: any StoreConnection
    let context: SessionContext

    init(connection: any StoreConnection, context: SessionContext) {
        self.connection = connection
        self.context = context
    }

    /// Adds the customer, or brings the stored customer with the same id up to date.
    ///
    /// Every field of the record replaces the stored one; the derived lookup keys (birthday and
    /// first-order month-day in the customer's calendar, local order dates in the customer's time
    /// zone, UTC when none) are recomputed.
    public func upsert(_ customer: CustomerRecord) throws -> UpsertOutcome {
        if context.isErased(customer.email) { return .skippedForgotten }
        var values: [(any StoreValueConvertible)?] = [customer.id]
        values += CustomerColumns.values(of: customer)
        values.append(context.now)
        let arguments = StoreArguments(values)
        try connection.execute(sql: Self.insertSQL, arguments: arguments)
        if connection.changesCount > 0 { return .inserted }
        try connection.execute(sql: Self.updateSQL, arguments: arguments)
        return connection.changesCount > 0 ? .updated : .unchanged
    }

    /// `INSERT … ON CONFLICT DO NOTHING` with numbered parameters: ?1 the id, then the columns, then now.
    private static let insertSQL: String = {
        let names = CustomerColumns.names
        let timestamp = "?\(names.count + 2)"
        return "INSERT INTO customers (id, \(names.joined(separator: ", ")), created_at, updated_at) VALUES (?1, "
            + names.indices.map { "?\($0 + 2)" }.joined(separator: ", ")
            + ", \(timestamp), \(timestamp)) ON CONFLICT (id) DO NOTHING"
    }()

    /// An `UPDATE` that writes only when some column differs, with the same parameters as the insert.
    private static let updateSQL: String = {
        let names = CustomerColumns.names
        let assignments = names.enumerated().map { "\($1) = ?\($0 + 2)" }.joined(separator: ", ")
        let same = names.enumerated().map { "\($1) IS NOT DISTINCT FROM ?\($0 + 2)" }.joined(separator: " AND ")
        return "UPDATE customers SET \(assignments), updated_at = ?\(names.count + 2) WHERE id = ?1 AND NOT (\(same))"
    }()

    /// Appends a consent event only when it changes the address's latest status (or there is none yet).
    ///
    /// An observation older than the address's latest event is not recorded (the ledger already
    /// knows something newer), nor one repeating the latest status, so re-importing a file writes
    /// nothing. An erased address is refused.
    public func observeConsent(
        _ observation: ConsentObservation, email: EmailAddress, customerID: String?
    ) throws -> ConsentOutcome {
        try ConsentLedger.observe(observation, email: email, customerID: customerID, session: self)
    }

    /// Stores an order once (``OrderWriter``): a counted order is added to its customer's first and
    /// last order, order count and total spent, redeems its Keepsake codes and is attributed
    /// (``OrderAttributionWriter``) under `windows`; an order id seen before changes nothing unless
    /// its status changed.
    public func recordOrder(_ order: OrderRecord, windows: AttributionWindows = AttributionWindows()) throws -> OrderEffects {
        try OrderWriter.record(order, session: self, windows: windows)
    }

    /// A further line item of an order stored before (Shopify's and WooCommerce's one row per
    /// line item); nothing when the order is not stored or the line is already.
    public func recordLineItem(_ item: OrderLineItem, orderID: String) throws {
        try OrderWriter.recordLineItem(item, orderID: orderID, db: connection)
    }
}

/// What one import session knows and caches: the clock, the digests, the erased addresses and the
/// head of the consent chain.
final class SessionContext {
    /// The moment the session started, as stored text; every row it touches gets this time.
    let now: String
    /// Who is writing: `import customers.csv`, `keepsake consent grant`, an operator's name.
    let recordedBy: String
    let digests: PersonalDigest
    /// The digests of every erased address.
    let erased: Set<String>
    /// The last event of the consent chain, once read: its sequence number and hash.
    var chainHead: (sequence: Int64, hash: String)?

    init(db: any StoreConnection, digests: PersonalDigest, recordedBy: String, now: Date) throws {
        self.now = StoredText.instant(now)
        self.recordedBy = recordedBy
        self.digests = digests
        erased = try Set(db.values(String.self, sql: "SELECT email_digest FROM erased_addresses"))
    }

    /// Whether the address was erased; costs a digest only when some address was.
    func isErased(_ address: EmailAddress) -> Bool {
        !erased.isEmpty && erased.contains(digests.digest(address))
    }
}
