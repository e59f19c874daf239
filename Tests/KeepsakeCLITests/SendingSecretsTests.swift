import Foundation
import Testing

/// Only the commands that send read the SMTP password and need the DKIM key: the others work with
/// the example configuration outside the service, where its systemd credentials are out of reach.
@Suite("secrets only for sending")
struct SendingSecretsTests {
    /// systemd/keepsake.example.yaml (password_credential: smtp-password) with a scratch database,
    /// the shipped campaign files, and the README's DKIM settings (private_key_credential: dkim-key).
    struct Installation {
        let installation: ScratchInstallation
        var root: URL { installation.root }

        init() throws {
            installation = try ScratchInstallation("secrets") { installation in
                let repository = ScratchInstallation.repository
                var text = try String(contentsOf: repository.appendingPathComponent("systemd/keepsake.example.yaml"), encoding: .utf8)
                for (old, new) in [
                    ("path: /var/lib/keepsake/keepsake.sqlite", "path: \(installation.database)"),
                    ("campaigns: /etc/keepsake/campaigns", "campaigns: \(repository.appendingPathComponent("campaigns").path)"),
                    ("templates: /etc/keepsake/templates", "templates: \(repository.appendingPathComponent("templates").path)"),
                ] {
                    #expect(text.contains(old), "the example configuration no longer says \(old)")
                    text = text.replacingOccurrences(of: old, with: new)
                }
                #expect(text.contains("password_credential: smtp-password"))
                return text + "dkim: {domain: shop.example, selector: ks2026, private_key_credential: dkim-key}\n"
            }
        }

        /// `keepsake ARGUMENTS --config FILE`, with `credentials` as CREDENTIALS_DIRECTORY, or without one.
        func run(_ arguments: [String], credentials: URL? = nil) throws -> KeepsakeBinary.Result {
            try installation.run(
                arguments, environment: credentials.map { ["CREDENTIALS_DIRECTORY=\($0.path)"] } ?? ["-u", "CREDENTIALS_DIRECTORY"])
        }

        func remove() { installation.remove() }
    }

    @Test func commandsThatSendNothingWorkWithoutTheCredentials() throws {
        let installation = try Installation()
        defer { installation.remove() }
        let commands: [[String]] = [
            ["validate"],
            ["preview", "--date", "2026-03-21", "--now", "2026-03-20T00:00:00Z"],
            ["explain", "--customer", "c000001", "--date", "2026-03-21", "--now", "2026-03-20T00:00:00Z"],
            ["status"],
            ["customers", "show", "c000001"],
            ["consent", "log", "user1@example.net"],
            ["deliveries", "list"],
            ["backup", installation.root.appendingPathComponent("copy.sqlite").path],
        ]
        for command in commands {
            let result = try installation.run(command)
            #expect(result.status == 0, "keepsake \(command.joined(separator: " ")): \(result.standardOutput)\(result.standardError)")
            #expect(!result.standardError.contains("smtp-password"), "\(command): \(result.standardError)")
        }
        let validate = try installation.run(["validate"])
        #expect(validate.standardOutput.contains("warning: DKIM is configured, but its key cannot be read here"), "\(validate.standardOutput)")
        let out = installation.root.appendingPathComponent("preview")
        let preview = try installation.run(["preview", "--date", "2026-03-21", "--now", "2026-03-20T00:00:00Z", "--out", out.path])
        #expect(preview.status == 0, "\(preview.standardError)")
        #expect(preview.standardError.components(separatedBy: "these messages are unsigned").count == 2, "\(preview.standardError)")
        #expect(preview.standardError.contains("CREDENTIALS_DIRECTORY is not set"))
        let message = try String(contentsOf: out.appendingPathComponent("2026-03-21-nowruz-c000001.eml"), encoding: .utf8)
        #expect(!message.contains("DKIM-Signature:"))
    }

    @Test func commandsThatSendStillNeedThePassword() throws {
        let installation = try Installation()
        defer { installation.remove() }
        for command in [["run", "--once"], ["send-test", "--to", "sara@example.com"]] {
            let result = try installation.run(command)
            #expect(result.status == 78, "keepsake \(command.joined(separator: " ")): \(result.standardError)")
            #expect(result.standardError.contains("smtp.password_credential: the systemd credential smtp-password cannot be read: "
                + "CREDENTIALS_DIRECTORY is not set"), "\(command): \(result.standardError)")
        }
    }

    /// With the DKIM key at hand but no SMTP password, a preview is signed: the password is never read.
    @Test func aPreviewIsSignedWhenTheKeyIsReadable() throws {
        let installation = try Installation()
        defer { installation.remove() }
        let keys = installation.root.appendingPathComponent("keys")
        let credentials = installation.root.appendingPathComponent("credentials")
        try FileManager.default.createDirectory(at: credentials, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: keys, withIntermediateDirectories: true)
        let keygen = try KeepsakeBinary.run(["dkim", "keygen", "--selector", "ks2026", "--domain", "shop.example", "--out", keys.path])
        #expect(keygen.status == 0, "\(keygen.standardError)")
        try FileManager.default.copyItem(
            at: keys.appendingPathComponent("ks2026.private.pem"), to: credentials.appendingPathComponent("dkim-key"))
        let out = installation.root.appendingPathComponent("preview")
        let preview = try installation.run(
            ["preview", "--date", "2026-03-21", "--now", "2026-03-20T00:00:00Z", "--out", out.path], credentials: credentials)
        #expect(preview.status == 0, "\(preview.standardError)")
        #expect(!preview.standardError.contains("unsigned"), "\(preview.standardError)")
        let message = try String(contentsOf: out.appendingPathComponent("2026-03-21-nowruz-c000001.eml"), encoding: .utf8)
        #expect(message.hasPrefix("DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d=shop.example;"), "\(message.prefix(600))")
        #expect(message.contains("s=ks2026;"), "\(message.prefix(600))")
    }
}
