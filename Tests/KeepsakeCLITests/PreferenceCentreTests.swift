import Foundation
import KeepsakeTestSupport
import Mail
import Store
import Testing

/// The preference centre at the unsubscribe link, against the real listener of a real
/// `keepsake run`: the page rendered by headless Chromium, its form posted by the real curl.
@Suite("Preference centre, end to end", .serialized)
struct PreferenceCentreTests {
    static let noon = UnsubscribeEndpointTests.noon
    static let zones = UnsubscribeEndpointTests.zones

    /// `chromium --headless=new` with `arguments`, its standard output.
    static func chromium(_ arguments: [String], profile: URL) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/chromium")
        process.arguments = ["--headless=new", "--no-sandbox", "--disable-gpu", "--user-data-dir=\(profile.path)"] + arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return text
    }

    @Test("""
        the page in en, fa and ar (Chromium's DOM: lang, dir=rtl for fa and ar, the form without JavaScript; a \
        screenshot each) lists the calendar's topics; each posted choice lands in the ledger as its event with source \
        preference centre, a repeat writes nothing, consent verify passes, and the next run honours a topic left
        """)
    func choicesFromThePage() throws {
        let fixture = try DaemonFixture(generated: 6, birthday: "06-15", samples: false, zones: Self.zones)
        let daemon = try ListeningDaemon(fixture, now: Self.noon)
        defer { daemon.daemon.killIfRunning() }
        try daemon.waitForTicks()
        let messages = try fixture.capturedByRecipient()
        let shots = fixture.directory.appendingPathComponent("screenshots")
        try FileManager.default.createDirectory(at: shots, withIntermediateDirectories: true)
        let pages: [(String, String, String)] = [
            ("gen0@keepsake.test", "en", "Offers"), ("gen1@keepsake.test", "fa", "پیشنهادهای ویژه"),
            ("gen2@keepsake.test", "ar", "العروض"),
        ]
        for (address, language, offers) in pages {
            let link = try #require(messages[address]?.oneClickLink)
            let url = try daemon.local(link)
            let dom = try Self.chromium(["--dump-dom", url], profile: fixture.directory.appendingPathComponent("chromium-\(language)"))
            let htmlTag = language == "en" ? #"<html lang="en">"# : #"<html lang="\#(language)" dir="rtl">"#
            #expect(dom.contains(htmlTag), "\(address): \(dom.prefix(300))")
            #expect(dom.contains(#"<form method="post" action="\#(link)/preferences" class="preferences">"#), "\(address)")
            #expect(dom.contains(#"<input type="checkbox" name="topic" value="offers" checked="">"#), "\(address)")
            #expect(dom.contains(offers) && dom.contains(#"name="pause" value="90""#) && dom.contains(#"name="frequency" value="monthly""#))
            #expect(!dom.contains("<script"), "the page works without JavaScript")
            let shot = shots.appendingPathComponent("preferences-\(language).png")
            _ = try Self.chromium(["--screenshot=\(shot.path)", "--window-size=600,900", url],
                                  profile: fixture.directory.appendingPathComponent("chromium-shot-\(language)"))
            let png = try Data(contentsOf: shot)
            #expect(png.count > 1_000 && png.prefix(4) == Data([0x89, 0x50, 0x4E, 0x47]), "\(language): no PNG screenshot")
        }

        let store = try KeepsakeStore(path: fixture.database)
        let before = try store.consentLog(email: nil).count
        // gen0 leaves birthdays, pauses 30 days, wants one mail a month.
        let english = try daemon.local(try #require(messages["gen0@keepsake.test"]?.oneClickLink)) + "/preferences"
        let choices = "topic=holidays&topic=offers&topic=feedback&pause=30&frequency=monthly"
        let saved = try Curl.request("POST", english, body: choices)
        #expect(saved.status == 200 && saved.body.contains("Saved: your choices apply from the next mail."), "\(saved.body)")
        let events = try store.consentLog(email: try EmailAddress("gen0@keepsake.test")).suffix(3)
        #expect(events.map(\.preference) == [.topic("birthdays"), .pause(until: try .init(parsing: "2026-07-15")), .frequency(.monthly)])
        #expect(events.map(\.status) == [.optedOut, .optedIn, .optedIn])
        #expect(events.allSatisfy { $0.source == "preference centre" && $0.reference == "campaign birthday" && $0.customerID == "g00000" })
        #expect(try store.consentLog(email: nil).count == before + 3)
        #expect(try Curl.request("POST", english, body: choices).status == 200)
        #expect(try store.consentLog(email: nil).count == before + 3, "a repeated choice wrote more")

        // gen1 leaves everything from the form: consent withdrawn, the Persian confirmation.
        let persian = try daemon.local(try #require(messages["gen1@keepsake.test"]?.oneClickLink)) + "/preferences"
        let left = try Curl.request("POST", persian, body: "pause=none&leave=everything")
        #expect(left.status == 200 && left.body.contains(#"<html lang="fa" dir="rtl">"#) && left.body.contains("انجام شد"))
        #expect(try store.currentConsent(email: try EmailAddress("gen1@keepsake.test")) == .optedOut)
        #expect(try store.consentLog(email: try EmailAddress("gen1@keepsake.test")).last?.source == "preference centre")
        guard case .intact = try store.verifyConsentLedger() else {
            Issue.record("consent verify fails: \(try store.verifyConsentLedger())")
            return
        }
        let verify = try fixture.keepsake(["consent", "verify"], files: false)
        #expect(verify.status == 0, "\(verify.standardOutput) \(verify.standardError)")
        try daemon.stop()

        // A year on, the birthday goes to those who kept the topic, not to gen0 nor gen1.
        let explain = try fixture.keepsake(["explain", "--customer", "g00000", "--date", "2027-06-15", "--now", "2027-06-15T00:00:00Z"])
        #expect(explain.standardOutput.contains("birthday: the customer left the topic birthdays (preference centre); no mail of it"),
                "\(explain.standardOutput) \(explain.standardError)")
        let tick = try fixture.keepsake(["run", "--once", "--now", "2027-06-15T12:00:00Z"])
        try #require(tick.status == 0, "\(tick.standardError)")
        let nextYear = try MessageChecker.checkDirectory(fixture.server.spoolDirectory).filter {
            $0.header("Date")?.contains("2027") == true
        }.compactMap { $0.to?.addrSpec }
        #expect(Set(nextYear) == ["gen2@keepsake.test", "gen3@keepsake.test", "gen4@keepsake.test", "gen5@keepsake.test"],
                "\(nextYear.sorted())")
    }

    @Test("""
        forged and altered tokens get 404 at /preferences; an oversized body 413; malformed forms 400 naming the field \
        (a pause of 0 or 10000 days, an unknown topic or field, no pause, another content type); nothing is written
        """)
    func badPreferencePosts() throws {
        let fixture = try DaemonFixture(generated: 3, birthday: "06-15", samples: false, zones: Self.zones)
        let daemon = try ListeningDaemon(fixture, now: Self.noon)
        defer { daemon.daemon.killIfRunning() }
        try daemon.waitForTicks()
        let link = try #require(try fixture.capturedByRecipient()["gen0@keepsake.test"]?.oneClickLink)
        let token = String(try #require(link.split(separator: "/").last))
        let store = try KeepsakeStore(path: fixture.database)
        let events = try store.consentLog(email: nil).count
        let url = try daemon.local(link) + "/preferences"

        var forged = Array(token)
        forged[forged.count / 2] = forged[forged.count / 2] == "A" ? "B" : "A"
        for bad in [String(forged), String(token.dropLast(4)), token + "A", ""] {
            let reply = try Curl.request("POST", daemon.url("/u/\(bad)/preferences"), body: "pause=none&leave=everything")
            #expect(reply.status == 404 && reply.body == "Not found\n", "\(bad): \(reply.status)")
        }
        let large = try Curl.request("POST", url, body: "pause=none&" + String(repeating: "topic=offers&", count: 700))
        #expect(large.status == 413 && large.body.contains("at most 8192 bytes"), "\(large.status) \(large.body)")
        let malformed: [(String, String)] = [
            ("pause=0", "field pause: \"0\" is not none, 30 or 90 (days)"),
            ("pause=10000", "field pause: \"10000\" is not none, 30 or 90 (days)"),
            ("pause=none&topic=sports", "field topic: unknown topic \"sports\"; the topics are birthdays, holidays, offers, feedback"),
            ("pause=none&colour=red", "unknown field \"colour\"; the form has topic, pause, frequency and leave"),
            ("topic=offers", "field pause: missing; send pause=none, pause=30 or pause=90"),
            ("pause=30&pause=90", "field pause: given twice; choose one pause"),
            ("pause=none&frequency=weekly", "field frequency: \"weekly\" is not any or monthly"),
            ("pause=%ZZ", "the field \"pause=%ZZ\" is not percent-encoded correctly"),
        ]
        for (body, message) in malformed {
            let reply = try Curl.request("POST", url, body: body)
            #expect(reply.status == 400 && reply.body == "Bad request: \(message)\n", "\(body): \(reply.status) \(reply.body)")
        }
        let json = try Curl.request("POST", url, headers: ["Content-Type: application/json"], body: "{}")
        #expect(json.status == 400 && json.body.contains("application/x-www-form-urlencoded"))
        #expect(try Curl.request("GET", url).status == 405)
        #expect(try store.consentLog(email: nil).count == events)
        try daemon.stop()
    }
}
