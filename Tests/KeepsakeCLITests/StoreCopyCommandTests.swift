import Foundation
import KeepsakeTestSupport
import Testing

/// `keepsake store copy --to postgresql://…`, run as a process against the tests' real PostgreSQL
/// server, as an operator moving a shop's SQLite store would.
@Suite("keepsake store copy")
struct StoreCopyCommandTests {
    @Test func theSampleStoreMovesOnceIntoPostgreSQLAndAFullTargetIsRefused() throws {
        let workspace = try AudienceCommandTests.Workspace()
        defer { workspace.remove() }
        #expect(try workspace.run(["import", "customers", AudienceCommandTests.sample]).status == 0)
        let target = try PostgresServer.shared().makeDatabase()
        let passwordFile = try workspace.file("database-password", target.password + "\n")
        let url = "postgresql://\(target.user)@127.0.0.1:\(target.port)/\(target.name)"

        let copy = try workspace.run(["store", "copy", "--to", url, "--password-file", passwordFile])
        #expect(copy.status == 0, "\(copy.standardError)")
        #expect(copy.standardOutput.contains("copied \(workspace.database) to \(url)"))
        #expect(copy.standardOutput.contains("  customers: 2000"))
        #expect(copy.standardOutput.contains("consent ledger verified on both sides: 1614 events"))

        // The copy answers like the original: a configuration naming the PostgreSQL store.
        let configuration = try workspace.file("keepsake.yaml", """
            smtp:
              url: smtp://127.0.0.1:2525
              starttls: "off"
            sender:
              from: Shop <news@shop.example>
            unsubscribe:
              base_url: https://shop.example/keepsake
            database:
              url: \(url)
              password_file: \(passwordFile)
            """)
        let verify = try KeepsakeBinary.run(["consent", "verify", "--config", configuration])
        #expect(verify.status == 0, "\(verify.standardError)")
        #expect(verify.standardOutput.contains("intact: 1614 events"))

        let again = try workspace.run(["store", "copy", "--to", url, "--password-file", passwordFile])
        #expect(again.status == 1)
        #expect(again.standardError.contains("is not empty"), "\(again.standardError)")
    }

    @Test func aBadTargetIsRefusedNamingWhatToFix() throws {
        let workspace = try AudienceCommandTests.Workspace()
        defer { workspace.remove() }
        #expect(try workspace.run(["import", "customers", AudienceCommandTests.sample]).status == 0)
        let cases: [(arguments: [String], says: String)] = [
            (["--to", "mysql://shop@127.0.0.1/keepsake"], "postgresql://"),
            (["--to", "postgresql://shop:secret@127.0.0.1/keepsake"], "password"),
            (["--to", "postgresql://shop@127.0.0.1:70000/keepsake"], "port"),
            (["--to", "postgresql://shop@db.shop.example/keepsake", "--tls", "off"], "tls: off is allowed only"),
            (["--to", "postgresql://shop@127.0.0.1:1/keepsake"], "cannot connect"),
        ]
        for (arguments, says) in cases {
            let result = try workspace.run(["store", "copy"] + arguments)
            #expect(result.status == 78, "\(arguments): \(result.standardError)")
            #expect(result.standardError.contains("--to:"), "\(arguments): \(result.standardError)")
            #expect(result.standardError.contains(says), "\(arguments): \(result.standardError)")
            #expect(!result.crashed && !result.timedOut)
        }
    }
}
