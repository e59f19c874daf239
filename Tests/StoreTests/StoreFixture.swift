import Foundation
import Calendars
import Configuration
import KeepsakeTestSupport
import Mail
import PostgresStore
@testable import Store

/// A store on one engine, removed when the test ends: SQLite in a fresh temporary directory, or a
/// fresh database on the tests' PostgreSQL server (``PostgresServer``), reached over TCP with the
/// password, as a daemon on another host reaches it.
final class StoreFixture {
    /// Both engines, for suites parameterized over them: `@Test(arguments: StoreFixture.engines)`.
    static let engines = StoreEngine.allCases

    let engine: StoreEngine
    let directory: URL
    /// The SQLite file (on PostgreSQL: unused).
    let path: String
    let store: KeepsakeStore
    /// Where the PostgreSQL store is (nil on SQLite).
    let postgresSettings: PostgresSettings?

    /// - Parameter server: On PostgreSQL, the server to make the database on (one a test stops
    ///   and starts again); the tests' shared server when nil.
    init(_ engine: StoreEngine = .sqlite, server: PostgresServer? = nil) throws {
        self.engine = engine
        directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("keepsake-store-tests-\(UUID().uuidString)")
        path = directory.appendingPathComponent("nested/keepsake.sqlite").path
        switch engine {
        case .sqlite:
            postgresSettings = nil
            store = try KeepsakeStore(path: path)
        case .postgresql:
            let server = try (server ?? PostgresServer.shared()).makeDatabase()
            let settings = PostgresSettings(
                host: server.host, port: server.port, user: server.user, database: server.name, password: server.password, tls: .off)
            postgresSettings = settings
            store = try KeepsakeStore(database: try PostgresStoreDatabase(settings: settings), location: settings.url)
        }
    }

    /// The same store opened again, with connections of its own, as after a restart.
    func reopened() throws -> KeepsakeStore {
        guard let postgresSettings else { return try KeepsakeStore(path: path) }
        return try KeepsakeStore(database: try PostgresStoreDatabase(settings: postgresSettings), location: postgresSettings.url)
    }

    deinit {
        try? FileManager.default.removeItem(at: directory)
    }
}

/// A customer with an address and nothing else, for tests that change one field at a time.
func customer(_ id: String, _ email: String) throws -> CustomerRecord {
    CustomerRecord(id: id, email: try EmailAddress(email))
}

/// An instant written in ISO 8601, for readable test dates.
func instant(_ text: String) throws -> Date {
    guard case .instant(let date) = try PointInTime(parsing: text) else {
        throw StoreError(.invalidArgument, "\(text) is not an instant")
    }
    return date
}

/// A stored customer's order count and exact total, read from its row on either engine (the
/// planner's customer reader, behind ``KeepsakeStore/customer(idOrEmail:)``, is still SQLite-only);
/// nil when there is no such customer.
func orderTotals(_ store: KeepsakeStore, customerID: String) throws -> (ordersCount: Int, totalSpent: Decimal?)? {
    try store.database.read { db in
        try db.row(sql: "SELECT orders_count, total_spent FROM customers WHERE id = ?", arguments: [customerID]).map {
            (try $0["orders_count"] as Int, StoredText.decimal(try $0["total_spent"] as String))
        }
    }
}
