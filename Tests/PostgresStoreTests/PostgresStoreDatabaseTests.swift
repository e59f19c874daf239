import Configuration
import Foundation
import KeepsakeTestSupport
import PostgresStore
import Store
import Testing

@Suite("PostgresStoreDatabase against the real server")
struct PostgresStoreDatabaseTests {
    @Test func everyValueComesBackAsItWent() throws {
        let fixture = try PostgresFixture()
        let blob = Data([0, 1, 0, 255, 0x27, 0x5C, 0])
        let persian = "سارا رضایی — ۱۴۰۳/۰۱/۰۱ 🎂 'quoted' \"double\" ? $1"
        try fixture.database.write { db in
            try db.execute(sql: "CREATE TABLE kept (n BIGINT, x DOUBLE PRECISION, t TEXT, b BYTEA)")
            try db.execute(sql: "INSERT INTO kept (n, x, t, b) VALUES (?, ?, ?, ?)", arguments: [Int64.max, 0.1 + 0.2, persian, blob])
            try db.execute(sql: "INSERT INTO kept (n, x, t, b) VALUES (?, ?, ?, ?)", arguments: [Int64.min, -1.5e300, "", Data()])
            try db.execute(sql: "INSERT INTO kept (n, x, t, b) VALUES (?, ?, ?, ?)", arguments: [nil, nil, nil, nil])
        }
        let rows = try fixture.database.read { db in try db.rows(sql: "SELECT n, x, t, b FROM kept ORDER BY n NULLS LAST") }
        #expect(try rows.map { try $0.value(at: 0) } == [.integer(Int64.min), .integer(Int64.max), .null])
        #expect(try rows.map { try $0.value(at: 1) } == [.real(-1.5e300), .real(0.1 + 0.2), .null])
        #expect(try rows.map { try $0.value(at: 2) } == [.text(""), .text(persian), .null])
        #expect(try rows.map { try $0.value(at: 3) } == [.blob(Data()), .blob(blob), .null])
        #expect(rows[1].columnNames == ["n", "x", "t", "b"])
        // What SQL computes reads as the store's values too: a count, a sum (NUMERIC), a truth.
        let computed = try fixture.database.read { db in try db.row(sql: "SELECT count(*), sum(n) FILTER (WHERE n > 0), n IS NULL FROM kept GROUP BY n IS NULL ORDER BY 3") }
        #expect(try computed.map { [try $0.value(at: 0), try $0.value(at: 1), try $0.value(at: 2)] } == [.integer(2), .integer(Int64.max), .integer(0)])
    }

    @Test func hostileTextIsBoundNeverSpliced() throws {
        let fixture = try PostgresFixture()
        let hostile = "x'); DROP TABLE kept; -- ? /* $1 */ $$"
        try fixture.database.write { db in
            try db.execute(sql: "CREATE TABLE kept (\"we?ird\" TEXT, note TEXT)")
            try db.execute(sql: "INSERT INTO kept (\"we?ird\", note) VALUES (?, '? is not a placeholder here') -- nor ? here", arguments: [hostile])
        }
        let row = try fixture.database.read { db in try db.row(sql: "SELECT \"we?ird\", note FROM kept WHERE \"we?ird\" = ?1 AND ?1 = \"we?ird\"", arguments: [hostile]) }
        #expect(try row?["we?ird"] as String? == hostile)
        #expect(try row?["note"] as String? == "? is not a placeholder here")
    }

    @Test func aWriteCommitsAndAThrownErrorRollsBack() throws {
        struct Refused: Error {}
        let fixture = try PostgresFixture()
        try fixture.database.write { db in try db.execute(sql: "CREATE TABLE kept (id BIGINT PRIMARY KEY)") }
        try fixture.database.write { db in try db.execute(sql: "INSERT INTO kept VALUES (1)") }
        #expect(throws: Refused.self) {
            try fixture.database.write { db in
                try db.execute(sql: "INSERT INTO kept VALUES (2)")
                throw Refused()
            }
        }
        // A statement the server refuses rolls the whole write back, and names its SQLSTATE.
        let error = #expect(throws: PostgresStoreError.self) {
            try fixture.database.write { db in
                try db.execute(sql: "INSERT INTO kept VALUES (3)")
                try db.execute(sql: "INSERT INTO kept VALUES (1)")
            }
        }
        #expect(error?.sqlState == "23505")
        #expect(error?.message.contains("duplicate key") == true, "\(String(describing: error))")
        // A savepoint undoes only its own part.
        try fixture.database.write { db in
            try db.execute(sql: "INSERT INTO kept VALUES (4)")
            _ = try? db.savepoint { try db.execute(sql: "INSERT INTO kept VALUES (5), (1)") }
        }
        try fixture.database.writeWithoutTransaction { db in
            try db.transaction(.immediate) {
                try db.execute(sql: "INSERT INTO kept VALUES (6)")
                return .rollback
            }
        }
        let kept = try fixture.database.read { db in try db.values(Int64.self, sql: "SELECT id FROM kept ORDER BY id") }
        #expect(kept == [1, 4])
    }

    @Test func changesCountIsTheLastStatementsRows() throws {
        let fixture = try PostgresFixture()
        let counts = try fixture.database.write { db -> [Int] in
            try db.execute(sql: "CREATE TABLE kept (id BIGINT)")
            try db.execute(sql: "INSERT INTO kept SELECT generate_series(1, 7)")
            let inserted = db.changesCount
            try db.execute(sql: "UPDATE kept SET id = id + 100 WHERE id > ?", arguments: [4])
            let updated = db.changesCount
            _ = try db.rows(sql: "SELECT * FROM kept")
            let afterSelect = db.changesCount
            try db.execute(sql: "DELETE FROM kept WHERE id = -1")
            return [inserted, updated, afterSelect, db.changesCount]
        }
        #expect(counts == [7, 3, 3, 0])
    }

    @Test func theCursorStreamsInBatchesInsideAndOutsideTransactions() throws {
        let fixture = try PostgresFixture()
        try fixture.database.write { db in
            try db.execute(sql: "CREATE TABLE kept (id BIGINT, note TEXT)")
            try db.execute(sql: "INSERT INTO kept SELECT n, 'row ' || n FROM generate_series(1, 2345) AS n")
        }
        // The server holds the rows; the connection fetches a batch at a time: while the body runs
        // on row 1, the cursor has not yet read past the first batch.
        var seen = 0, sum: Int64 = 0
        try fixture.database.read { db in
            try db.forEachRow(sql: "SELECT id, note FROM kept WHERE id > ? ORDER BY id", arguments: [0]) { row in
                seen += 1
                sum += try row["id"] as Int64
                #expect(try row["note"] as String == "row \(seen)")
            }
        }
        #expect(seen == 2345)
        #expect(sum == 2345 * 2346 / 2)
        let cursors = try fixture.database.read { db -> Int64? in
            var open: Int64?
            try db.forEachRow(sql: "SELECT id FROM kept LIMIT 1") { _ in
                open = try db.value(Int64.self, sql: "SELECT count(*) FROM pg_cursors WHERE name LIKE 'keepsake_cursor_%'")
            }
            return open
        }
        #expect(cursors == 1)
        // Outside a transaction, the cursor makes its own.
        let outside = try fixture.database.writeWithoutTransaction { db in try db.values(Int64.self, sql: "SELECT id FROM kept WHERE id <= 3 ORDER BY id") }
        #expect(outside == [1, 2, 3])
        // A body that throws closes the cursor and leaves the connection usable.
        struct Stop: Error {}
        #expect(throws: Stop.self) {
            try fixture.database.read { db in try db.forEachRow(sql: "SELECT id FROM kept") { _ in throw Stop() } }
        }
        #expect(try fixture.database.read { db in try db.value(Int64.self, sql: "SELECT count(*) FROM kept") } == 2345)
    }

    @Test func aReadSeesOneSnapshotAndReentrantReadsShareIt() throws {
        let fixture = try PostgresFixture()
        try fixture.database.write { db in try db.execute(sql: "CREATE TABLE kept (id BIGINT); INSERT INTO kept VALUES (1)") }
        let (before, after, inner) = try fixture.database.read { db -> (Int64?, Int64?, Int64?) in
            let before = try db.value(Int64.self, sql: "SELECT count(*) FROM kept")
            // Another thread writes meanwhile (a write inside a read on one thread is refused, as in SQLite).
            let writer = Thread { try? fixture.database.write { writer in try writer.execute(sql: "INSERT INTO kept VALUES (2)") } }
            writer.start()
            while !writer.isFinished { Thread.sleep(forTimeInterval: 0.01) }
            let after = try db.value(Int64.self, sql: "SELECT count(*) FROM kept")
            let inner = try fixture.database.reentrantRead { same in try same.value(Int64.self, sql: "SELECT count(*) FROM kept") }
            return (before, after, inner)
        }
        #expect([before, after, inner] == [1, 1, 1])
        #expect(try fixture.database.read { db in try db.value(Int64.self, sql: "SELECT count(*) FROM kept") } == 2)
    }

    @Test func wrongArgumentCountsAndSeveralStatementsWithArgumentsAreRefused() throws {
        let fixture = try PostgresFixture()
        let tooFew = #expect(throws: PostgresStoreError.self) { try fixture.database.read { db in try db.rows(sql: "SELECT ?, ?", arguments: [1]) } }
        #expect(tooFew?.code == .argumentCount)
        let several = #expect(throws: PostgresStoreError.self) {
            try fixture.database.write { db in try db.execute(sql: "SELECT ?; SELECT ?", arguments: [1, 2]) }
        }
        #expect(several?.code == .argumentCount)
        // Numbered placeholders share one argument list, as in SQLite: the ones after the highest used are not bound.
        #expect(try fixture.database.read { db in try db.value(Int.self, sql: "SELECT ?1 + ?1", arguments: [20, "unused"]) } == 40)
        let tooMany = #expect(throws: PostgresStoreError.self) { try fixture.database.read { db in try db.rows(sql: "SELECT ?", arguments: [1, 2]) } }
        #expect(tooMany?.code == .argumentCount)
    }

    @Test func asyncCallersAreServedOffTheCooperativePool() async throws {
        let fixture = try PostgresFixture()
        try await fixture.database.write { db in try db.execute(sql: "CREATE TABLE kept (id BIGINT); INSERT INTO kept VALUES (41)") }
        let value = try await fixture.database.read { db in try db.value(Int64.self, sql: "SELECT id + 1 FROM kept") }
        #expect(value == 42)
    }

    @Test func aWrongPasswordOrServerIsACannotConnectErrorNamingTheURL() throws {
        let server = try PostgresServer.shared().makeDatabase()
        var settings = PostgresSettings(host: server.host, port: server.port, user: server.user, database: server.name, password: "wrong", tls: .off)
        let refused = #expect(throws: PostgresStoreError.self) { try PostgresStoreDatabase(settings: settings) }
        #expect(refused?.code == .cannotConnect)
        #expect(refused?.message.contains("\(server.user)@127.0.0.1:\(server.port)/\(server.name) (database.url)") == true, "\(String(describing: refused))")
        #expect(refused?.message.contains("28P01") == true, "\(String(describing: refused))")
        settings.password = server.password
        settings.tls = .required
        let noTLS = #expect(throws: PostgresStoreError.self) { try PostgresStoreDatabase(settings: settings) }
        #expect(noTLS?.message.contains("does not offer TLS") == true, "\(String(describing: noTLS))")
    }

    @Test func theUnixSocketNeedsNoPassword() throws {
        let server = try PostgresServer.shared().makeDatabase()
        let settings = PostgresSettings(host: nil, socketDirectory: server.server.socketDirectory.path, port: server.port, user: server.user, database: server.name, tls: .off)
        let database = try PostgresStoreDatabase(settings: settings)
        #expect(try database.read { db in try db.value(String.self, sql: "SELECT current_user") } == server.user)
    }

    /// The send ledger's durability promise holds even where the database's default weakens it:
    /// every connection, reading or writing, has synchronous_commit on.
    @Test func synchronousCommitIsOnWhateverTheDatabaseDefault() throws {
        let server = try PostgresServer.shared().makeDatabase()
        try server.server.execute("ALTER DATABASE \(server.name) SET synchronous_commit = off")
        let settings = PostgresSettings(host: server.host, port: server.port, user: server.user, database: server.name, password: server.password, tls: .off)
        let database = try PostgresStoreDatabase(settings: settings)
        #expect(try database.write { db in try db.value(String.self, sql: "SHOW synchronous_commit") } == "on")
        #expect(try database.read { db in try db.value(String.self, sql: "SHOW synchronous_commit") } == "on")
    }
}
