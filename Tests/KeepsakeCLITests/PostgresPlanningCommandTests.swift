import Foundation
import KeepsakeTestSupport
import Testing

/// `keepsake preview` and `keepsake run --once` on a PostgreSQL store (`database.url`) plan and send
/// exactly what they do on the SQLite store it was copied from: the sample customers on Nowruz,
/// each engine with its own capture server.
@Suite("planning and sending on PostgreSQL", .serialized)
struct PostgresPlanningCommandTests {
    /// The sample store on SQLite and its copy on the tests' PostgreSQL server, each with a
    /// configuration naming it and a capture server of its own.
    struct Stores {
        let workspace: AudienceCommandTests.Workspace
        let servers: [CaptureServer]
        /// The SQLite configuration, then the PostgreSQL one.
        let configurations: [String]

        init() throws {
            let workspace = try AudienceCommandTests.Workspace()
            self.workspace = workspace
            let imported = try workspace.run(["import", "customers", AudienceCommandTests.sample])
            guard imported.status == 0 else { throw FixtureError("import failed: \(imported.standardError)") }
            let target = try PostgresServer.shared().makeDatabase()
            let passwordFile = try workspace.file("database-password", target.password + "\n")
            let url = "postgresql://\(target.user)@127.0.0.1:\(target.port)/\(target.name)"
            let copy = try workspace.run(["store", "copy", "--to", url, "--password-file", passwordFile])
            guard copy.status == 0 else { throw FixtureError("store copy failed: \(copy.standardError)") }
            let servers = [try CaptureServer.start(), try CaptureServer.start()]
            self.servers = servers
            let databases = [
                "database:\n  path: \(workspace.database)\n",
                "database:\n  url: \(url)\n  password_file: \(passwordFile)\n",
            ]
            configurations = try zip(["sqlite", "postgresql"], zip(databases, servers)).map { engine, pair in
                try workspace.file("keepsake-\(engine).yaml", """
                    smtp:
                      url: \(pair.1.url)
                      starttls: "off"
                    sender:
                      from: Sahab Shop <hello@shop.example>
                    \(pair.0)
                    """)
            }
        }

        /// `keepsake ARGUMENTS` with the configuration of store `index` and the shipped campaigns.
        func run(_ index: Int, _ arguments: [String]) throws -> KeepsakeBinary.Result {
            try KeepsakeBinary.run(arguments + [
                "--config", configurations[index],
                "--campaigns", DaemonFixture.repository.appendingPathComponent("campaigns").path,
                "--templates", DaemonFixture.repository.appendingPathComponent("templates").path,
            ])
        }

        func remove() {
            for server in servers { server.stop() }
            workspace.remove()
        }
    }

    @Test("preview plans the same Nowruz on PostgreSQL as on SQLite, and run --once sends the same messages, once each")
    func sameDeliveriesOnBothEngines() throws {
        let stores = try Stores()
        defer { stores.remove() }

        var previews: [[Substring]] = []
        for index in 0..<2 {
            let preview = try stores.run(index, [
                "preview", "--date", "2026-03-21", "--now", "2026-03-20T00:00:00Z", "--format", "json",
            ])
            #expect(preview.status == 0 && !preview.crashed && !preview.timedOut, "\(preview.standardError)")
            previews.append(preview.standardOutput.split(separator: "\n").sorted())
        }
        #expect(previews[0].count > 500, "a busy day: \(previews[0].count) entries")
        #expect(previews[1] == previews[0], "PostgreSQL's preview differs: \(previews[1].count) entries, SQLite's \(previews[0].count)")

        // One tick the evening before (planning), one in the morning and one at night (sending).
        var received: [[String: Int]] = []
        for index in 0..<2 {
            for now in ["2026-03-20T18:00:00Z", "2026-03-21T08:00:00Z", "2026-03-21T20:00:00Z"] {
                let tick = try stores.run(index, ["run", "--once", "--now", now])
                #expect(tick.status == 0 && !tick.crashed && !tick.timedOut, "engine \(index), tick at \(now): \(tick.standardError)")
            }
            var messages: [String: Int] = [:]
            for check in try MessageChecker.checkDirectory(stores.servers[index].spoolDirectory) {
                #expect(check.defects.isEmpty, "\(check.file ?? "?"): \(check.defects)")
                messages[try #require(check.header("Message-ID")), default: 0] += 1
            }
            received.append(messages)
        }
        #expect(received[0].count > 500, "SQLite sent \(received[0].count)")
        #expect(received[1].values.allSatisfy { $0 == 1 }, "PostgreSQL sent a message twice")
        #expect(Set(received[1].keys) == Set(received[0].keys), """
            sent on PostgreSQL only: \(Set(received[1].keys).subtracting(received[0].keys).count), \
            on SQLite only: \(Set(received[0].keys).subtracting(received[1].keys).count)
            """)
    }
}
