import Foundation
import KeepsakeTestSupport
import Testing

/// The daemon's promise: `keepsake run` sends exactly what `keepsake preview` showed, once.
@Suite("keepsake run, end to end", .serialized)
struct DaemonEndToEndTests {
    /// The local day of a message's Date header (written in the recipient's own offset), e.g.
    /// `Sat, 21 Mar 2026 10:00:00 +0330` → 2026-03-21.
    static func localDay(ofDateHeader header: String) -> String? {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss Z"
        guard let date = formatter.date(from: header) else { return nil }
        let parts = header.split(separator: " ")
        guard parts.count == 6, let offset = Int(parts[5].dropFirst()), parts[5].count == 5,
              let zone = TimeZone(secondsFromGMT: (parts[5].first == "-" ? -1 : 1) * (offset / 100 * 3_600 + offset % 100 * 60))
        else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let components = calendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", components.year!, components.month!, components.day!)
    }

    @Test("ticks every 30 minutes across Nowruz send exactly the previewed deliveries of the day, and a second pass sends nothing")
    func runSendsWhatPreviewShowed() throws {
        let day = "2026-03-21"
        let fixture = try DaemonFixture(generated: 240, birthday: "03-21")
        let start = Instants.parse("2026-03-20T10:00:00Z")
        let end = Instants.parse("2026-03-22T12:00:00Z")

        let previewDirectory = fixture.directory.appendingPathComponent("preview")
        let preview = try fixture.keepsake([
            "preview", "--date", day, "--now", Instants.text(start), "--format", "json", "--out", previewDirectory.path,
        ])
        try #require(preview.status == 0, "\(preview.standardError)")
        var previewed = Set<String>()
        // One run of the independent parser over the whole folder.
        for check in try MessageChecker.checkDirectory(previewDirectory) {
            previewed.insert(try #require(check.header("Message-ID")))
        }
        try #require(previewed.count > 500, "a busy day: \(previewed.count) previewed")

        for pass in 1...2 {
            var instant = start
            while instant <= end {
                let tick = try fixture.keepsake(["run", "--once", "--now", Instants.text(instant)])
                try #require(tick.status == 0, "tick at \(Instants.text(instant)): \(tick.standardError)")
                instant = instant.addingTimeInterval(30 * 60)
            }
            let checks = try MessageChecker.checkDirectory(fixture.server.spoolDirectory)
            #expect(checks.count == (try fixture.server.messages()).count)
            var received: [String: Int] = [:]
            var onTheDay = Set<String>()
            for check in checks {
                #expect(check.defects.isEmpty && check.lineProblems.isEmpty, "\(check.file ?? "?"): \(check.defects)")
                let messageID = try #require(check.header("Message-ID"))
                received[messageID, default: 0] += 1
                let date = try #require(check.header("Date"))
                if Self.localDay(ofDateHeader: date) == day { onTheDay.insert(messageID) }
            }
            #expect(received.values.allSatisfy { $0 == 1 }, "pass \(pass): a message was received twice")
            #expect(onTheDay == previewed, """
                pass \(pass): sent on \(day) but not previewed: \(onTheDay.subtracting(previewed).count), \
                previewed but not sent: \(previewed.subtracting(onTheDay).count)
                """)
        }
    }
}
