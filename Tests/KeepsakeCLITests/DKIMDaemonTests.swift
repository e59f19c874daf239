import Foundation
import KeepsakeTestSupport
import Testing

/// DKIM through the real sending path: `keepsake run --once` signs every message it hands the
/// capture server, each verifies with dkimpy, reads cleanly in Python's email parser, and is
/// byte for byte what `keepsake preview --out` showed.
@Suite("DKIM, end to end", .serialized)
struct DKIMDaemonTests {
    static let day = "2026-06-10"
    static let now = "2026-06-10T12:00:00Z"
    /// Zones whose 10:00–20:00 window is open at 12:00Z.
    static let zones = ["Europe/Paris", "UTC", "Asia/Tehran", "Asia/Dubai"]

    @Test("a 1,000-message tick: every message verifies (rsa-sha256 and ed25519-sha256), parses cleanly, round-trips exactly and equals its preview")
    func thousandSignedMessages() throws {
        let keys = try DKIMKeyFixture()
        defer { keys.remove() }
        // 1,120 customers with a birthday on the day; every tenth has opted out: 1,008 messages.
        let fixture = try DaemonFixture(generated: 1_120, birthday: "06-10", samples: false, zones: Self.zones)
        let signing = keys.environment()

        let previewDirectory = fixture.directory.appendingPathComponent("preview")
        let preview = try fixture.keepsake(
            ["preview", "--date", Self.day, "--now", Self.now, "--format", "json", "--out", previewDirectory.path],
            extraEnvironment: signing)
        try #require(preview.status == 0, "\(preview.standardError)")
        var previewed: [String: (file: String, subject: String)] = [:]  // by recipient address
        for line in preview.standardOutput.split(separator: "\n") {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: String])
            guard object["status"] == "planned", let email = object["email"], let customer = object["customer"],
                  let campaign = object["campaign"], let subject = object["subject"] else { continue }
            previewed[email] = ("\(Self.day)-\(campaign)-\(customer)", subject)
        }
        try #require(previewed.count >= 1_000, "\(previewed.count) messages previewed")

        let tick = try fixture.keepsake(["run", "--once", "--now", Self.now], extraEnvironment: signing)
        try #require(tick.status == 0, "\(tick.standardError)")
        let messages = try fixture.server.messages()
        #expect(messages.count == previewed.count, "\(tick.standardOutput)")

        let verifications = try DKIMVerifier.verifyDirectory(fixture.server.spoolDirectory, zone: keys.zone)
        #expect(verifications.count == messages.count)
        let failures = verifications.filter { $0.rsa != true || $0.ed25519 != true }
        #expect(failures.isEmpty, "\(failures.count) messages fail, the first: \(failures.first.map { "\($0.file): \($0.errors)" } ?? "")")
        #expect(verifications.allSatisfy { $0.signatures.map(\.selector) == ["ks2026", "ks2026e"] })

        let checks = try MessageChecker.checkDirectory(fixture.server.spoolDirectory)
        #expect(checks.count == messages.count)
        var languages: Set<String> = []
        for check in checks {
            let file = check.file ?? "?"
            #expect(check.defects.isEmpty && check.lineProblems.isEmpty, "\(file): \(check.defects) \(check.lineProblems)")
            let recipient = try #require(check.to?.addrSpec, "\(file): no To address")
            let expected = try #require(previewed[recipient], "\(file): \(recipient) was not previewed")
            // Exact round-trip of the rendered subject and HTML (Persian, Arabic, English) through MIME.
            #expect(check.subject == expected.subject, "\(file)")
            let html = try String(contentsOf: previewDirectory.appendingPathComponent(expected.file + ".html"), encoding: .utf8)
            #expect(check.html == html, "\(file): the HTML differs from the preview's")
            if let lang = html.firstRange(of: "lang=\"").map({ String(html[$0.upperBound...].prefix(2)) }) { languages.insert(lang) }
        }
        #expect(languages.isSuperset(of: ["fa", "ar", "en"]), "\(languages)")

        // The relay got exactly the signed bytes the preview wrote.
        let previewFiles = Dictionary(uniqueKeysWithValues: previewed.map { ($0.key, $0.value.file) })
        var identical = 0
        for message in messages {
            let recipient = try #require(message.recipients.first)
            let file = try #require(previewFiles[recipient])
            if message.raw == Array(try Data(contentsOf: previewDirectory.appendingPathComponent(file + ".eml"))) { identical += 1 }
        }
        #expect(identical == messages.count, "\(messages.count - identical) captured messages differ from their preview")
    }
}
