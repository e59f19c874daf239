import Foundation
import KeepsakeTestSupport
import Testing

@Suite("The real PostgreSQL server of the tests")
struct PostgresServerTests {
    @Test func runsAsANonRootUserWithDurableSettings() throws {
        let database = try PostgresServer.shared().makeDatabase()
        let settings = try database.execute("SELECT current_setting('fsync') || ',' || current_setting('synchronous_commit') || ',' || current_setting('listen_addresses')")
        #expect(settings.trimmingCharacters(in: .whitespacesAndNewlines) == "on,on,127.0.0.1")
        let dataOwner = try FileManager.default.attributesOfItem(atPath: database.server.directory.appendingPathComponent("data").path)[.ownerAccountID] as? Int
        #expect(dataOwner != 0, "initdb refuses root: the data folder belongs to the server's user")
    }

    @Test func eachTestHasADatabaseOfItsOwn() throws {
        let server = try PostgresServer.shared()
        let first = try server.makeDatabase(), second = try server.makeDatabase()
        #expect(first.name != second.name)
        try first.execute("CREATE TABLE only_here (id BIGINT)")
        let tables = try second.execute("SELECT count(*) FROM pg_tables WHERE tablename = 'only_here'")
        #expect(tables.trimmingCharacters(in: .whitespacesAndNewlines) == "0")
    }

    @Test func anOutageRefusesConnectionsAndTheServerComesBackWithItsData() throws {
        let server = try PostgresServer.start()
        defer { server.stop() }
        try server.execute("CREATE TABLE kept (id BIGINT); INSERT INTO kept VALUES (7)")
        try server.stopForOutage()
        #expect(!LoopbackPort.isListening(server.port), "connections are refused while it is stopped")
        #expect(throws: PostgresServerError.self) { try server.execute("SELECT 1") }
        try server.startAfterOutage()
        #expect(try server.execute("SELECT id FROM kept").trimmingCharacters(in: .whitespacesAndNewlines) == "7")
    }

    @Test func stopEndsTheServerAndRemovesItsFolder() throws {
        let server = try PostgresServer.start()
        let directory = server.directory
        #expect(LoopbackPort.isListening(server.port))
        server.stop()
        #expect(!FileManager.default.fileExists(atPath: directory.path))
        #expect(!LoopbackPort.isListening(server.port))
    }
}
