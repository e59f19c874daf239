/// One step of the store's schema, applied once per store and recorded by its ``id`` in the table
/// `store_migrations`. Migrations are never edited once released: a change is a new one appended.
public struct StoreMigration: Sendable {
    /// The name it is recorded under, such as `1 customers, orders and the store secret`.
    public let id: String
    /// The statements per engine, run in one transaction with the recording.
    public let sql: [StoreEngine: String]
    /// Engine-neutral work after the statements (such as storing a fresh secret), or nil.
    public let body: (@Sendable (any StoreConnection) throws -> Void)?

    /// A migration running `sqlite` on SQLite and `postgresql` on PostgreSQL, then `body`.
    public init(
        _ id: String, sqlite: String, postgresql: String? = nil,
        body: (@Sendable (any StoreConnection) throws -> Void)? = nil
    ) {
        self.id = id
        var sql: [StoreEngine: String] = [.sqlite: sqlite]
        sql[.postgresql] = postgresql
        self.sql = sql
        self.body = body
    }
}
