import Foundation
import KeepsakeTestSupport
import Testing

/// `keepsake send-test`, run as a process against a real SMTP server, as an operator would.
@Suite("keepsake send-test")
struct SendTestCommandTests {
    private func relayEnvironment(_ server: CaptureServer) -> [String: String] {
        ["KEEPSAKE_SMTP_URL": "smtp://127.0.0.1:\(server.port)"]
    }

    @Test func sendsTheBilingualSampleAndPrintsTheRelaysReply() throws {
        let server = try CaptureServer.start()
        defer { server.stop() }
        let result = try KeepsakeBinary.run(["send-test", "--to", "sara@example.com"], environment: relayEnvironment(server))
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput.hasPrefix("250 "))
        #expect(result.standardOutput.contains("delivered to sara@example.com"))
        let message = try #require(try server.messages().first)
        #expect(message.recipients == ["sara@example.com"])
        #expect(message.mailFrom == "demo@keepsake.test")
        let check = try MessageChecker.check(message.raw)
        #expect(check.defects.isEmpty)
        #expect(check.lineProblems.isEmpty)
        #expect(check.subject == "Keepsake test – پیام آزمایشی کیپسیک 🎁")
        #expect(check.text?.contains("سلام!") == true)
        #expect(check.html?.contains("dir=\"rtl\"") == true)
    }

    @Test func nowDatesTheMessageAndGarbageIsRefused() throws {
        let server = try CaptureServer.start()
        let result = try KeepsakeBinary.run(
            ["send-test", "--to", "sara@example.com", "--now", "2026-03-21T06:30:00Z"], environment: relayEnvironment(server))
        #expect(result.status == 0, "\(result.standardError)")
        let check = try MessageChecker.check(try #require(try server.messages().first).raw)
        #expect(check.header("Date") == "Sat, 21 Mar 2026 06:30:00 +0000")
        let garbage = try KeepsakeBinary.run(["send-test", "--to", "sara@example.com", "--now", "yesterday"])
        #expect(garbage.status == 64)
        #expect(garbage.standardError.contains("--now yesterday"), "\(garbage.standardError)")
    }

    @Test func sendsTheGivenSubjectAndBodies() throws {
        let server = try CaptureServer.start()
        defer { server.stop() }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("send-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let textFile = directory.appendingPathComponent("body.txt")
        let htmlFile = directory.appendingPathComponent("body.html")
        let savedFile = directory.appendingPathComponent("sent.eml")
        try "عيد مبارك يا أحمد 🌙\nSecond line.\n".write(to: textFile, atomically: true, encoding: .utf8)
        try "<p dir=\"rtl\" lang=\"ar\">عيد مبارك</p>\n".write(to: htmlFile, atomically: true, encoding: .utf8)
        let result = try KeepsakeBinary.run(
            ["send-test", "--to", "ahmad@example.com", "--subject", "عيد مبارك 🌙", "--text", textFile.path, "--html", htmlFile.path, "--save-eml", savedFile.path],
            environment: relayEnvironment(server)
        )
        #expect(result.status == 0, "\(result.standardError)")
        let message = try #require(try server.messages().first)
        let check = try MessageChecker.check(message.raw, expecting: .init(
            subject: "عيد مبارك 🌙", text: "عيد مبارك يا أحمد 🌙\nSecond line.\n", html: "<p dir=\"rtl\" lang=\"ar\">عيد مبارك</p>\n"
        ))
        #expect(check.defects.isEmpty && check.mismatches.isEmpty)
        // --save-eml holds exactly the bytes the relay received.
        #expect(Array(try Data(contentsOf: savedFile)) == message.raw)
    }

    @Test(arguments: [
        ("rcpt-550@example.com", Int32(1), "refused at recipient: 550 5.1.1"),
        ("rcpt-451@example.com", Int32(75), "temporary failure at recipient: 451 4.3.0"),
        ("data-554@example.com", Int32(1), "refused at end_of_data: 554"),
    ])
    func failuresExitNonZeroWithTheRelaysReply(recipient: String, status: Int32, message: String) throws {
        let server = try CaptureServer.start()
        defer { server.stop() }
        let result = try KeepsakeBinary.run(["send-test", "--to", recipient], environment: relayEnvironment(server))
        #expect(result.status == status)
        #expect(result.standardError.contains(message), "\(result.standardError)")
    }

    @Test func unreachableRelayIsATemporaryFailure() throws {
        let server = try CaptureServer.start()
        let environment = relayEnvironment(server)
        server.stop()
        let result = try KeepsakeBinary.run(["send-test", "--to", "sara@example.com"], environment: environment)
        #expect(result.status == 75)
        #expect(result.standardError.contains("temporary failure at connect"))
    }

    @Test(arguments: [
        (["send-test"], "Missing expected argument '--to <address>'"),
        (["send-test", "--to", "not-an-address"], "--to"),
        (["send-test", "--to", "a@b.example\r\nRCPT TO:<x@y.example>"], "--to"),
        (["send-test", "--to", "a@b.example", "--text", "/nonexistent/body.txt"], "/nonexistent/body.txt"),
        (["send-test", "--to", "a@b.example", "--frobnicate"], "Unknown option '--frobnicate'"),
        (["sendtest"], "Unexpected argument 'sendtest'"),
    ])
    func badFlagsAreRefusedWithAClearMessage(arguments: [String], message: String) throws {
        let result = try KeepsakeBinary.run(arguments, environment: ["KEEPSAKE_SMTP_URL": "smtp://127.0.0.1:9"])
        #expect(result.status != 0)
        #expect(result.standardError.contains(message), "\(result.standardError)")
    }

    @Test func configurationMistakeNamesFileLineAndColumn() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("config-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("keepsake.yaml")
        try """
            smtp:
              url: smtp://127.0.0.1:2525
              strattls: off
            sender:
              from: "Sahab Shop <hello@shop.example>"

            """.write(to: file, atomically: true, encoding: .utf8)
        let result = try KeepsakeBinary.run(["send-test", "--to", "a@b.example", "--config", file.path])
        #expect(result.status == 78)
        #expect(result.standardError.contains("keepsake.yaml:3:3"), "\(result.standardError)")
        #expect(result.standardError.contains("starttls"))
    }

    @Test func helpTeachesTheCommand() throws {
        let result = try KeepsakeBinary.run(["send-test", "--help"])
        #expect(result.status == 0)
        #expect(result.standardOutput.contains("EXAMPLES") || result.standardOutput.contains("Examples"))
        #expect(result.standardOutput.contains("75  temporary failure (4xx, timeout, relay unreachable)"))
    }

    /// `send-test --campaign` sends the bytes of the daemon's composer (the one `preview` shows):
    /// the preview's message of the same customer and instant, but for To, the Message-ID and the
    /// MIME boundary that follows from it.
    @Test func aCampaignsTestMessageIsThePreviewsMessageForTheTester() throws {
        let server = try CaptureServer.start()
        defer { server.stop() }
        let installation = try ScratchInstallation("send-test-campaign") { installation in
            """
            smtp: {url: "smtp://127.0.0.1:\(server.port)", starttls: "off"}
            sender: {from: "Sahab Shop <hello@shop.example>"}
            database: {path: \(installation.database)}
            daemon:
              campaigns: \(ScratchInstallation.repository.appendingPathComponent("campaigns").path)
              templates: \(ScratchInstallation.repository.appendingPathComponent("templates").path)

            """
        }
        defer { installation.remove() }
        let saved = installation.root.appendingPathComponent("test.eml")
        let previewFolder = installation.root.appendingPathComponent("preview")
        let now = "2026-03-21T08:00:00Z"
        let sent = try installation.run([
            "send-test", "--campaign", "nowruz", "--customer", "c000001", "--to", "tester@example.com", "--now", now,
            "--save-eml", saved.path,
        ])
        #expect(sent.status == 0, "\(sent.standardError)")
        let preview = try installation.run([
            "preview", "--date", "2026-03-21", "--campaign", "nowruz", "--customer", "c000001", "--now", now,
            "--out", previewFolder.path,
        ])
        #expect(preview.status == 0, "\(preview.standardError)")
        let previewFile = try #require(try FileManager.default.contentsOfDirectory(atPath: previewFolder.path)
            .first { $0.hasSuffix(".eml") })
        let received = try #require(try server.messages().first)
        #expect(Array(try Data(contentsOf: saved)) == received.raw)
        let tested = Self.withoutIdentity(String(decoding: received.raw, as: UTF8.self))
        let previewed = Self.withoutIdentity(
            String(decoding: try Data(contentsOf: previewFolder.appendingPathComponent(previewFile)), as: UTF8.self))
        #expect(tested == previewed)
    }

    /// A message's text without its To field, with its Message-ID and the boundary derived from it
    /// (`=_ks_` and the Message-ID's hex digits) replaced by placeholders.
    private static func withoutIdentity(_ message: String) -> String {
        var lines = message.components(separatedBy: "\r\n")
        var index = 0
        var messageID = ""
        while index < lines.count && !lines[index].isEmpty {
            let name = lines[index].prefix { $0 != ":" }.lowercased()
            var end = index + 1
            while end < lines.count, lines[end].hasPrefix(" ") || lines[end].hasPrefix("\t") { end += 1 }
            if name == "message-id" { messageID = lines[index...].prefix(end - index).joined().dropFirst(11)
                .trimmingCharacters(in: .whitespaces) }
            if name == "to" || name == "message-id" {
                lines.removeSubrange(index..<end)
            } else {
                index = end
            }
        }
        let hex = messageID.split(separator: "@").first.map { $0.filter(\.isHexDigit) } ?? ""
        return lines.joined(separator: "\r\n").replacingOccurrences(of: "=_ks_" + hex, with: "=_ks_BOUNDARY")
    }
}
