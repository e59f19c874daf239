import Foundation
import Testing

/// `keepsake import`, `consent` and `customers`, run as processes on a real SQLite file, as an
/// operator would.
@Suite("keepsake import, consent and customers")
struct AudienceCommandTests {
    /// A scratch folder with its own database; every command runs with `--database` in it.
    struct Workspace {
        let directory: URL
        var database: String { directory.appendingPathComponent("keepsake.sqlite").path }

        init() throws {
            directory = FileManager.default.temporaryDirectory.appendingPathComponent("keepsake-audience-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        }

        func run(_ arguments: [String]) throws -> KeepsakeBinary.Result {
            try KeepsakeBinary.run(arguments + ["--database", database])
        }

        func file(_ name: String, _ contents: String) throws -> String {
            let url = directory.appendingPathComponent(name)
            try contents.write(to: url, atomically: true, encoding: .utf8)
            return url.path
        }

        func remove() { try? FileManager.default.removeItem(at: directory) }
    }

    static let sample = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("samples/customers-sample.csv").path

    @Test func theSampleImportsAndReimportingWritesNothing() throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        let dryRun = try workspace.run(["import", "customers", Self.sample, "--dry-run"])
        #expect(dryRun.status == 0, "\(dryRun.standardError)")
        #expect(dryRun.standardOutput.contains("dry run, nothing written"))
        #expect(dryRun.standardOutput.contains("new: 2,000"))
        #expect(!FileManager.default.fileExists(atPath: workspace.database), "the dry run created the database")

        let first = try workspace.run(["import", "customers", Self.sample])
        #expect(first.status == 0, "\(first.standardError)")
        #expect(first.standardOutput.contains("2,000 rows read; imported."))
        #expect(first.standardOutput.contains("new: 2,000"))
        #expect(first.standardOutput.contains("consent events recorded: 1,614"))

        let again = try workspace.run(["import", "customers", Self.sample])
        #expect(again.standardOutput.contains("unchanged: 2,000"))
        #expect(!again.standardOutput.contains("consent events recorded"))
        let verify = try workspace.run(["consent", "verify"])
        #expect(verify.status == 0)
        #expect(verify.standardOutput.contains("intact: 1614 events"))

        let shown = try workspace.run(["customers", "show", "c000001"])
        #expect(shown.standardOutput.contains("first_name:     محمد"))
        #expect(shown.standardOutput.contains("last_name:      کریمی"))
        #expect(shown.standardOutput.contains("consent:        opted_in"))
        #expect(try workspace.run(["customers", "show", "user1@example.net"]).standardOutput.contains("id:             c000001"))
    }

    @Test func anInvalidFileIsRefusedWholeWithEveryProblemNamed() throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        let file = try workspace.file("bad.csv", """
            id,email,first_name,calendar,birthday,timezone,consent,consent_at,consent_source
            x1,good@example.com,Ali,gregorian,1990-01-01,UTC,opted_in,2024-01-01T00:00:00Z,form
            x2,bad@@x,Sara,persian,1403-13-01,Mars/Base,opted_in,2024-01-01T00:00:00Z,form

            """)
        let result = try workspace.run(["import", "customers", file])
        #expect(result.status == 65)
        #expect(result.standardError.contains("bad.csv:3: email: invalid email address \"bad@@x\""))
        #expect(result.standardError.contains("bad.csv:3: birthday: 1403-13-01 is not a date in the persian calendar"))
        #expect(result.standardError.contains("bad.csv:3: timezone: \"Mars/Base\" is not a time zone"))
        #expect(result.standardOutput.contains("NOT imported: 3 problems"))
        // Nothing of the file was kept: not even the valid row, nor its consent.
        #expect(try workspace.run(["customers", "show", "x1"]).status == 1)
        #expect(try workspace.run(["consent", "verify"]).standardOutput.contains("intact: 0 events"))

        let rejects = workspace.directory.appendingPathComponent("rejects.csv").path
        let skipping = try workspace.run(["import", "customers", file, "--skip-invalid", "--rejects", rejects])
        #expect(skipping.status == 0, "\(skipping.standardError)")
        #expect(skipping.standardOutput.contains("new: 1"))
        let rejected = try String(contentsOfFile: rejects, encoding: .utf8)
        #expect(rejected.contains("x2,bad@@x"))
        #expect(rejected.contains("invalid email address"))
        #expect(try workspace.run(["customers", "show", "x1"]).status == 0)
    }

    @Test func aDryRunGivesTheRealRunsVerdictAndCreatesNoFile() throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        let file = try workspace.file("mixed.csv", """
            id,email,first_name
            m1,one@example.com,One
            m2,two@@example.com,Two
            m3,three@example,Three

            """)
        let rejects = workspace.directory.appendingPathComponent("rejects.csv").path
        let skipping = ["import", "customers", file, "--skip-invalid", "--rejects", rejects]
        let dryRun = try workspace.run(skipping + ["--dry-run"])
        #expect(dryRun.status == 0, "\(dryRun.standardOutput)")
        #expect(dryRun.standardOutput.contains("dry run, nothing written. Without --dry-run it would import all but 2 rejected rows"))
        #expect(dryRun.standardOutput.contains("new: 1"))
        #expect(dryRun.standardError.contains("mixed.csv:3: email"))
        #expect(!FileManager.default.fileExists(atPath: workspace.database), "the dry run created the database")
        #expect(!FileManager.default.fileExists(atPath: rejects), "the dry run wrote the rejects file")

        let real = try workspace.run(skipping)
        #expect(real.status == 0, "\(real.standardError)")
        #expect(real.standardOutput.contains("imported, except 2 rejected rows"))
        #expect(real.standardOutput.contains("new: 1"))

        // Without --skip-invalid both refuse the file.
        let refusing = try Workspace()
        defer { refusing.remove() }
        let refusedDryRun = try refusing.run(["import", "customers", file, "--dry-run"])
        #expect(refusedDryRun.status == 65)
        #expect(refusedDryRun.standardOutput.contains("2 problems (listed above) would stop the import"))
        #expect(!FileManager.default.fileExists(atPath: refusing.database), "the dry run created the database")
        let refused = try refusing.run(["import", "customers", file])
        #expect(refused.status == 65)
        #expect(refused.standardOutput.contains("NOT imported: 2 problems"))
    }

    @Test(arguments: [
        ["status"], ["customers", "show", "c1"], ["customers", "export", "a@example.com"], ["consent", "log"],
        ["consent", "verify"], ["deliveries", "list"], ["deliveries", "resolve", "1", "--sent"], ["suppression", "list"],
        ["suppression", "remove", "a@example.com"], ["resume"], ["explain", "--customer", "c1", "--date", "2026-03-21"],
        ["preview", "--date", "2026-03-21"], ["backup", "copy.sqlite"],
    ])
    func aCommandThatOnlyReadsRefusesAMissingDatabaseAndCreatesNone(arguments: [String]) throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        let typo = workspace.directory.appendingPathComponent("TYPO").path
        let repository = URL(fileURLWithPath: Self.sample).deletingLastPathComponent().deletingLastPathComponent()
        let folders = arguments[0] == "explain" || arguments[0] == "preview" ? [
            "--campaigns", repository.appendingPathComponent("campaigns").path,
            "--templates", repository.appendingPathComponent("templates").path,
        ] : []
        // A relative path would land in the working directory if the command went ahead.
        let absolute = arguments.map { $0 == "copy.sqlite" ? workspace.directory.appendingPathComponent($0).path : $0 }
        let result = try KeepsakeBinary.run(absolute + folders + ["--database", typo])
        #expect(result.status == 66, "\(result.standardError)")
        #expect(result.standardError.contains("the customer store \(typo) does not exist"), "\(result.standardError)")
        #expect(!FileManager.default.fileExists(atPath: typo), "\(arguments) created the database")
    }

    @Test func consentGrantRevokeLogAndVerify() throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        let grant = try workspace.run(["consent", "grant", "Sara@Example.com", "--source", "newsletter form",
                                       "--ip", "203.0.113.7", "--wording", "newsletter-v3", "--at", "2026-11-20T10:00:00+03:30"])
        #expect(grant.status == 0, "\(grant.standardError)")
        #expect(grant.standardOutput.contains("is now opted_in"))
        let repeated = try workspace.run(["consent", "grant", "sara@example.com", "--source", "newsletter form"])
        #expect(repeated.standardOutput.hasPrefix("unchanged"))
        #expect(try workspace.run(["consent", "revoke", "sara@example.com", "--source", "phone call"]).status == 0)

        let log = try workspace.run(["consent", "log", "sara@example.com", "--format", "json"])
        let events = log.standardOutput.split(separator: "\n").map { line in
            try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
        }
        #expect(events.count == 2)
        #expect(events.first??["status"] as? String == "opted_in")
        #expect(events.first??["occurredAt"] as? String == "2026-11-20T06:30:00.000Z")
        #expect(events.first??["ip"] as? String == "203.0.113.7")
        #expect(events.first??["wording"] as? String == "newsletter-v3")
        #expect(events.last??["status"] as? String == "opted_out")
        let table = try workspace.run(["consent", "log"])
        #expect(table.standardOutput.contains("newsletter form"))
        #expect(table.standardOutput.contains("phone call"))
        #expect(try workspace.run(["consent", "verify"]).standardOutput.contains("intact: 2 events"))
    }

    @Test func forgetErasesAndAReimportDoesNotRestoreConsent() throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        let file = try workspace.file("one.csv", """
            id,email,first_name,consent,consent_at,consent_source
            c1,leila@example.com,لیلا,opted_in,2024-01-01T00:00:00Z,checkout checkbox

            """)
        #expect(try workspace.run(["import", "customers", file]).status == 0)
        #expect(try workspace.run(["customers", "forget", "leila@example.com"]).status == 64, "forget needs --yes")
        let forget = try workspace.run(["customers", "forget", "leila@example.com", "--yes"])
        #expect(forget.status == 0, "\(forget.standardError)")
        #expect(forget.standardOutput.contains("removed 1 customer record(s)"))
        #expect(try workspace.run(["customers", "show", "c1"]).status == 1)
        // Nothing readable is left in the database files: not in freed pages, not in the log.
        for suffix in ["", "-wal"] {
            let bytes = (try? Data(contentsOf: URL(fileURLWithPath: workspace.database + suffix))) ?? Data()
            #expect(bytes.range(of: Data("leila@example.com".utf8)) == nil, "address left in keepsake.sqlite\(suffix)")
            #expect(bytes.range(of: Data("لیلا".utf8)) == nil, "name left in keepsake.sqlite\(suffix)")
        }

        let export = try workspace.run(["customers", "export", "leila@example.com"])
        #expect(!export.standardOutput.contains("لیلا"))
        #expect(export.standardOutput.contains("\"forgotten\" : true"))

        let reimport = try workspace.run(["import", "customers", file])
        #expect(reimport.standardOutput.contains("skipped (address was forgotten): 1"))
        #expect(!reimport.standardOutput.contains("consent events recorded"))
        #expect(try workspace.run(["consent", "grant", "leila@example.com", "--source", "form"]).status == 1)
        #expect(try workspace.run(["consent", "verify"]).status == 0)
    }

    @Test(arguments: [
        (["import", "customers"], "Missing expected argument"),
        (["import", "customers", "x.csv", "--preset", "shopfy-customers"], "unknown; the presets are"),
        (["import", "customers", "x.csv", "--skip-invalid"], "needs --rejects"),
        (["import", "customers", "x.csv", "--mapping", "m.yaml", "--preset", "shopify-customers"], "not both"),
        (["consent", "grant", "bad@@example.com", "--source", "form"], "invalid email address"),
        (["consent", "grant", "a@example.com"], "Missing expected argument '--source"),
        (["consent", "grant", "a@example.com", "--source", "form", "--at", "yesterday"], "--at yesterday"),
        (["consent", "log", "--format", "xml"], "xml"),
        (["customers", "export", "not-an-address"], "invalid email address"),
    ])
    func badFlagsAreRefusedWithTheReason(arguments: [String], reason: String) throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        let result = try workspace.run(arguments)
        #expect(result.status == 64)
        #expect(result.standardError.contains(reason), "\(result.standardError)")
        #expect(!FileManager.default.fileExists(atPath: workspace.database), "a refused command created the database")
    }

    @Test func aMissingFileAndABadMappingAreNamed() throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        let missing = try workspace.run(["import", "customers", workspace.directory.appendingPathComponent("nope.csv").path])
        #expect(missing.status == 66)
        #expect(missing.standardError.contains("nope.csv"))
        let mapping = try workspace.file("mapping.yaml", "kind: customers\ncolumns: [oops\n")
        let file = try workspace.file("x.csv", "id,email\n1,a@example.com\n")
        let bad = try workspace.run(["import", "customers", file, "--mapping", mapping])
        #expect(bad.status == 65)
        #expect(bad.standardError.contains("mapping.yaml:"), "\(bad.standardError)")
    }
}
