import Foundation
import KeepsakeTestSupport
import Testing

/// Every command reads the marketers' files from `daemon.campaigns` and `daemon.templates` of the
/// configuration, as the service does, unless `--campaigns` and `--templates` name others.
@Suite("the configured campaign folders")
struct ConfiguredFoldersTests {
    /// The shop's files in `root/shop/`, a configuration naming them, and an empty working folder
    /// (`root/elsewhere/`, with no campaigns/ or templates/ of its own) to run the commands from.
    struct Shop {
        let installation: ScratchInstallation
        var root: URL { installation.root }

        init(relayPort: Int) throws {
            installation = try ScratchInstallation("folders") { installation in
                let shop = installation.root.appendingPathComponent("shop")
                try FileManager.default.createDirectory(at: shop, withIntermediateDirectories: true)
                try FileManager.default.createDirectory(
                    at: installation.root.appendingPathComponent("elsewhere"), withIntermediateDirectories: true)
                for folder in ["campaigns", "templates"] {
                    try FileManager.default.copyItem(
                        at: ScratchInstallation.repository.appendingPathComponent(folder), to: shop.appendingPathComponent(folder))
                }
                return """
                    smtp: {url: "smtp://127.0.0.1:\(relayPort)", starttls: "off"}
                    sender: {from: "Sahab Shop <hello@shop.example>"}
                    database: {path: \(installation.database)}
                    daemon:
                      campaigns: \(shop.appendingPathComponent("campaigns").path)
                      templates: \(shop.appendingPathComponent("templates").path)

                    """
            }
        }

        /// `keepsake ARGUMENTS --config FILE`, run from the empty folder.
        func run(_ arguments: [String]) throws -> KeepsakeBinary.Result {
            try installation.run(arguments, environment: ["--chdir=\(root.appendingPathComponent("elsewhere").path)"])
        }

        func remove() { installation.remove() }
    }

    @Test func everyCommandReadsTheConfiguredFolders() throws {
        let server = try CaptureServer.start()
        defer { server.stop() }
        let shop = try Shop(relayPort: server.port)
        defer { shop.remove() }
        let commands: [[String]] = [
            ["validate"],
            ["preview", "--date", "2026-03-21", "--now", "2026-03-20T00:00:00Z", "--campaign", "nowruz"],
            ["explain", "--customer", "c000001", "--date", "2026-03-21", "--now", "2026-03-20T00:00:00Z"],
            ["coupons", "export", "--campaign", "birthday", "--from", "2026-05-01", "--to", "2026-05-31"],
            ["send-test", "--campaign", "nowruz", "--customer", "c000001", "--to", "sara@example.com", "--now", "2026-03-21T08:00:00Z"],
            ["run", "--once", "--now", "2026-03-21T08:00:00Z"],
        ]
        for command in commands {
            let result = try shop.run(command)
            #expect(result.status == 0, "keepsake \(command.joined(separator: " ")): \(result.standardOutput)\(result.standardError)")
            #expect(!result.standardError.contains("campaigns/calendar.yaml: "), "\(command): \(result.standardError)")
        }
        #expect(try shop.run(["validate"]).standardOutput.contains("ok: 7 campaigns, 8 templates"))
        #expect(try shop.run(["explain", "--customer", "c000001", "--date", "2026-03-21", "--now", "2026-03-20T00:00:00Z"]).standardOutput.contains("nowruz: "))
        // send-test and the tick both sent c000001's Nowruz message.
        #expect(try server.messages().count >= 2)
    }

    @Test func givenFoldersReplaceTheConfiguredOnes() throws {
        let shop = try Shop(relayPort: 2525)
        defer { shop.remove() }
        let missing = shop.root.appendingPathComponent("nowhere").path
        let result = try shop.run(["validate", "--campaigns", missing])
        #expect(result.status == 65)
        #expect(result.standardOutput.contains(missing), "\(result.standardOutput)")
    }
}
