import Configuration
import KeepsakeTestSupport
import PostgresStore

/// A fresh database on the tests' PostgreSQL server and a ``PostgresStoreDatabase`` connected to it
/// over TCP with the password (SCRAM), as a daemon on another host would (without TLS: loopback).
struct PostgresFixture {
    let server: PostgresTestDatabase
    let settings: PostgresSettings
    let database: PostgresStoreDatabase

    init() throws {
        server = try PostgresServer.shared().makeDatabase()
        settings = PostgresSettings(
            host: server.host, port: server.port, user: server.user, database: server.name, password: server.password, tls: .off)
        database = try PostgresStoreDatabase(settings: settings)
    }
}
