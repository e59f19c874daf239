/// One step of the store's schema, applied once per store and recorded by its ``id`` in the table
/// `store_migrations`. Migrations are never edited once released: a change is a new one appended.
public struct StoreMigration: Sendable {
    /// The name it is recorded under, such as `1 customers, orders and the store secret`.
    public let id: String
    /// The statements per engine, run in one transaction with the recording.
    public let sql: [StoreEngine: String]
    /// Engine-neutral work after the statements (such as storing a fresh secret), or nil.
    public let body: (@Sendable (any StoreConnection) throws -> Void)?

    /// A migration running `sqlite` on SQLite and `postgresql` on PostgreSQL, then `body`. Every
    /// `TEXT` column `postgresql` declares is made `TEXT COLLATE "C"`: ids, addresses and stored
    /// instants then compare and sort byte by byte, as SQLite's do, whatever the database's locale.
    public init(
        _ id: String, sqlite: String, postgresql: String? = nil,
        body: (@Sendable (any StoreConnection) throws -> Void)? = nil
    ) {
        self.id = id
        var sql: [StoreEngine: String] = [.sqlite: sqlite]
        sql[.postgresql] = postgresql.map(Self.comparingBytes)
        self.sql = sql
        self.body = body
    }

    /// The PostgreSQL text of a SQLite migration that uses nothing but tables, indexes and
    /// `ALTER TABLE … ADD COLUMN`: `INTEGER` becomes `BIGINT`, `BLOB` `BYTEA`, and `STRICT` goes
    /// (PostgreSQL is strict already). Row ids that must number themselves, triggers and table
    /// rebuilds are written out for PostgreSQL instead.
    static func postgreSQL(translating sqlite: String) -> String {
        sqlite.replacing(#/\bINTEGER\b/#, with: "BIGINT").replacing(#/\bBLOB\b/#, with: "BYTEA").replacing(") STRICT;", with: ");")
    }

    /// `sql` with `COLLATE "C"` after each column type `TEXT` (a whole word, in capitals: the
    /// schema's own spelling; string literals and PL/pgSQL bodies hold none).
    static func comparingBytes(_ sql: String) -> String {
        sql.replacing(#/\bTEXT\b(?! COLLATE)/#, with: "TEXT COLLATE \"C\"")
    }
}
