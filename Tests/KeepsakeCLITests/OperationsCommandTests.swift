import Foundation
import Store
import Testing

/// The operator's commands around the daemon: suppression, pause and resume, status, in-doubt
/// deliveries and backups, each with the mistakes an operator makes.
@Suite("keepsake suppression, pause, resume, status, deliveries, backup")
struct OperationsCommandTests {
    let directory: URL
    let database: String

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("keepsake-operations-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        database = directory.appendingPathComponent("keepsake.sqlite").path
    }

    func keepsake(_ arguments: [String]) throws -> KeepsakeBinary.Result {
        try KeepsakeBinary.run(arguments + ["--database", database])
    }

    @Test func suppressionRoundTripAndMistakes() throws {
        let added = try keepsake(["suppression", "add", "Sara@Example.com", "--reason", "asked by phone"])
        #expect(added.status == 0, "\(added.standardError)")
        let again = try keepsake(["suppression", "add", "sara@example.com", "--reason", "twice"])
        #expect(again.standardOutput.contains("already suppressed"))
        let list = try keepsake(["suppression", "list"])
        #expect(list.standardOutput.contains("sara@example.com") && list.standardOutput.contains("asked by phone"))
        #expect(list.standardOutput.contains("1 suppressed"))
        #expect(try keepsake(["suppression", "remove", "sara@example.com"]).status == 0)
        let missing = try keepsake(["suppression", "remove", "sara@example.com"])
        #expect(missing.status == 1 && missing.standardError.contains("is not suppressed"))
        #expect(try keepsake(["suppression", "add", "sara@example.com"]).status == 64, "--reason is required")
        let badAddress = try keepsake(["suppression", "add", "not an address", "--reason", "x"])
        #expect(badAddress.status == 64 && badAddress.standardError.contains("not an address"), "\(badAddress.standardError)")
    }

    @Test func pauseShowsInStatusUntilResume() throws {
        let paused = try keepsake(["pause", "--reason", "relay maintenance"])
        #expect(paused.status == 0 && paused.standardOutput.contains("relay maintenance"))
        let status = try keepsake(["status", "--now", "2026-03-21T12:00:00Z"])
        #expect(status.status == 2, "a pause needs an operator's look")
        #expect(status.standardOutput.contains("SENDING PAUSED (operator"), "\(status.standardOutput)")
        #expect(status.standardOutput.contains("consent ledger: verified, 0 events"))
        #expect(try keepsake(["resume"]).standardOutput.contains("sending resumed"))
        let after = try keepsake(["status", "--now", "2026-03-21T12:00:00Z"])
        #expect(after.status == 0, "\(after.standardOutput)")
        #expect(after.standardOutput.contains("sending: active"))
        #expect(try keepsake(["resume"]).standardOutput.contains("was not paused"))
        #expect(try keepsake(["status", "--date", "21/03/2026"]).status == 64)
        // Every command that looks at the clock refuses the same garbage the same way.
        for command in [["status"], ["run", "--once"], ["preview", "--date", "2026-03-21"]] {
            let garbage = try keepsake(command + ["--now", "yesterday"])
            #expect(garbage.status == 64, "\(command)")
            #expect(garbage.standardError.contains("--now yesterday: write an instant with its offset"), "\(garbage.standardError)")
        }
    }

    @Test func resolvingSomethingNotInDoubtIsRefused() throws {
        _ = try KeepsakeStore(path: database)
        let unknown = try keepsake(["deliveries", "resolve", "42", "--sent"])
        #expect(unknown.status == 1 && unknown.standardError.contains("no delivery 42"), "\(unknown.standardError)")
        #expect(try keepsake(["deliveries", "resolve", "42", "--sent", "--resend"]).status == 64)
        #expect(try keepsake(["deliveries", "resolve", "42"]).status == 64)
        #expect(try keepsake(["deliveries", "resolve", "forty-two", "--sent"]).status == 64)
        let badStatus = try keepsake(["deliveries", "list", "--status", "lost"])
        #expect(badStatus.status == 64 && badStatus.standardError.contains("in_doubt"), "\(badStatus.standardError)")
        #expect(try keepsake(["deliveries", "list", "--status", "in_doubt"]).status == 0)
    }

    @Test func backupCopiesTheStoreAndNeverOverwrites() throws {
        #expect(try keepsake(["suppression", "add", "omid@example.com", "--reason", "bounced elsewhere"]).status == 0)
        let copy = directory.appendingPathComponent("copy.sqlite").path
        let backup = try keepsake(["backup", copy])
        #expect(backup.status == 0, "\(backup.standardError)")
        #expect(try KeepsakeStore(path: copy).suppressions().map(\.email) == ["omid@example.com"])
        let again = try keepsake(["backup", copy])
        #expect(again.status == 1 && again.standardError.contains("already exists"), "\(again.standardError)")
    }
}
