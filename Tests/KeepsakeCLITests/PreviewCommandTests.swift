import Foundation
import KeepsakeTestSupport
import Testing

/// `keepsake preview` and `keepsake explain` on the shipped samples and the sample customers.
@Suite("keepsake preview and explain", .serialized)
struct PreviewCommandTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// A store with the 2,000 sample customers, shared by the tests of this suite.
    static let database: String = {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("keepsake-preview-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let path = directory.appendingPathComponent("keepsake.sqlite").path
        _ = try? KeepsakeBinary.run([
            "import", "customers", repository.appendingPathComponent("samples/customers-sample.csv").path, "--database", path,
        ])
        return path
    }()

    func run(_ arguments: [String]) throws -> KeepsakeBinary.Result {
        try KeepsakeBinary.run(arguments + [
            "--database", Self.database,
            "--campaigns", Self.repository.appendingPathComponent("campaigns").path,
            "--templates", Self.repository.appendingPathComponent("templates").path,
        ])
    }

    @Test func nowruzGoesToPersianCalendarCustomersAsExactMessages() throws {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("keepsake-preview-out-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: out) }
        let result = try run([
            "preview", "--date", "2026-03-21", "--now", "2026-03-20T00:00:00Z", "--campaign", "nowruz",
            "--format", "json", "--out", out.path,
        ])
        #expect(result.status == 0, "\(result.standardError)")
        let lines = result.standardOutput.split(separator: "\n")
        #expect(!lines.isEmpty)
        var planned = 0
        for line in lines {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: String])
            #expect(object["campaign"] == "nowruz")
            // Customers whose birthday is also that day get the birthday first (the cap is 1 a day).
            #expect(object["status"] == "planned" || object["status"] == "deferred (capped by birthday)", "\(object)")
            if object["status"] == "planned" { planned += 1 }
            #expect(object["send_at"]?.hasPrefix("2026-03-21T10:00:00") == true)
            #expect(Set(object.keys) == ["campaign", "customer", "email", "segment", "template", "locale", "send_at", "status", "subject"])
        }
        let files = try FileManager.default.contentsOfDirectory(atPath: out.path)
        let messages = files.filter { $0.hasSuffix(".eml") }
        #expect(planned > 0 && messages.count == planned)
        #expect(files.filter { $0.hasSuffix(".html") }.count == planned)
        // Every message is exactly what would be sent: the independent parser finds no defect.
        for name in messages.prefix(20) {
            let check = try MessageChecker.check(Array(try Data(contentsOf: out.appendingPathComponent(name))))
            #expect(check.defects.isEmpty, "\(name): \(check.defects)")
            #expect(check.lineProblems.isEmpty, "\(name)")
        }
        let first = try MessageChecker.check(Array(try Data(contentsOf: out.appendingPathComponent("2026-03-21-nowruz-c000001.eml"))))
        // The sample calendar names the shop in Persian (shop.locales.fa), in the subject and the From line.
        #expect(first.subject == "نوروزتان پیروز! با مهر از فروشگاه سحاب")
        #expect(first.from?.displayName == "فروشگاه سحاب" && first.from?.addrSpec == "hello@shop.example")
        #expect(first.html?.contains("dir=\"rtl\"") == true)
    }

    @Test func aPreviewedMessageIsTheSameBytesEveryTime() throws {
        var files: [Data] = []
        for _ in 0..<2 {
            let out = FileManager.default.temporaryDirectory.appendingPathComponent("keepsake-preview-same-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: out) }
            let result = try run([
                "preview", "--date", "2027-05-14", "--now", "2027-05-14T00:00:00Z", "--customer", "c000001", "--out", out.path,
            ])
            #expect(result.status == 0, "\(result.standardError)")
            files.append(try Data(contentsOf: out.appendingPathComponent("2027-05-14-birthday-c000001.eml")))
        }
        // Message-ID, unsubscribe link and coupon code are derived from the occurrence, not drawn at random.
        #expect(files[0] == files[1])
        let text = String(decoding: files[0], as: UTF8.self)
        #expect(text.contains("Message-ID: <ks."))
        #expect(text.contains(try Regex("List-Unsubscribe: <https://shop\\.example/keepsake/u/[A-Za-z0-9_-]{67}>")))
    }

    @Test func aTableShowsTheDaysDeliveries() throws {
        let result = try run(["preview", "--date", "2026-11-24", "--now", "2026-11-24T00:00:00Z"])
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput.contains("send at"))
        #expect(result.standardOutput.contains("22 deliveries"))
    }

    @Test func explainGivesAReasonPerCampaign() throws {
        let result = try run(["explain", "--customer", "c000001", "--date", "2027-05-14"])
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput.contains("birthday: due: everyone segment, template birthday, at 2027-05-14T10:00:00+03:30"))
        #expect(result.standardOutput.contains("nowruz: trigger not due; next due 2028-03-20"))
        let unknown = try run(["explain", "--customer", "nobody", "--date", "2027-05-14"])
        #expect(unknown.status == 1)
    }

    @Test func explainGivesThePreviewsVerdict() throws {
        // Birthday (1 Farvardin) and Nowruz on the same day: the birthday on the 21st, Nowruz a day later.
        let now = ["--now", "2027-03-20T00:00:00Z"]
        let preview = try run(["preview", "--date", "2027-03-21", "--days", "2", "--customer", "c000036"] + now)
        #expect(preview.status == 0, "\(preview.standardError)")
        let lines = preview.standardOutput.split(separator: "\n")
        #expect(lines.contains { $0.hasPrefix("2027-03-21T10:00:00+03:30  birthday  c000036") && $0.contains("planned") })
        #expect(lines.contains { $0.hasPrefix("2027-03-22T10:00:00+03:30  nowruz    c000036") && $0.contains("planned") })
        for arguments in [now, []] {
            let explain = try run(["explain", "--customer", "c000036", "--date", "2027-03-22"] + arguments)
            #expect(explain.status == 0, "\(explain.standardError)")
            #expect(explain.standardOutput.contains("birthday: planned on 2027-03-21 (due 2027-03-21), not on this day\n"),
                    "\(explain.standardOutput)")
            #expect(explain.standardOutput.contains(
                "nowruz: due: persian-calendar segment, template nowruz, at 2027-03-22T10:00:00+03:30\n"))
        }
        let before = try run(["explain", "--customer", "c000036", "--date", "2027-03-18"] + now)
        #expect(before.status == 64 && before.standardError.contains("before planning starts"), "\(before.standardError)")
    }

    @Test func theSampleWeeklyCapHoldsBackNowruzAfterAWinBackAndABirthday() throws {
        // max_per_week: 2 in campaigns/calendar.yaml, the case `make demo` shows: c000036 gets the
        // win-back on 20 March 2026 and the birthday on the 21st (which takes Nowruz's day), so
        // Nowruz, waiting in its grace, would be the third mail in 7 days and is dropped.
        let now = ["--now", "2026-03-20T00:00:00Z"]
        let preview = try run(["preview", "--date", "2026-03-20", "--days", "4", "--customer", "c000036"] + now)
        #expect(preview.status == 0, "\(preview.standardError)")
        let lines = preview.standardOutput.split(separator: "\n")
        #expect(lines.contains { $0.hasPrefix("2026-03-20T10:00:00+03:30  winback-2") && $0.contains("planned") })
        #expect(lines.contains { $0.hasPrefix("2026-03-21T10:00:00+03:30  birthday ") && $0.contains("planned") })
        #expect(lines.contains {
            $0.hasPrefix("2026-03-23T10:00:00+03:30  nowruz ")
                && $0.contains("dropped (held back by the weekly cap (last mail 2026-03-21, birthday))")
        }, "\(preview.standardOutput)")
        let explain = try run(["explain", "--customer", "c000036", "--date", "2026-03-22"] + now)
        #expect(explain.standardOutput.contains(
            "nowruz: held back by the weekly cap (last mail 2026-03-21, birthday); deferred to a later day of its grace\n"),
            "\(explain.standardOutput)")
    }

    @Test func explainNamesASuppressionAndItsReason() throws {
        let suppression = ["suppression", "add", "user36@example.net", "--reason", "asked by phone", "--database", Self.database]
        #expect(try KeepsakeBinary.run(suppression).status == 0)
        defer { _ = try? KeepsakeBinary.run(["suppression", "remove", "user36@example.net", "--database", Self.database]) }
        let explain = try run(["explain", "--customer", "c000036", "--date", "2027-03-21", "--now", "2027-03-20T00:00:00Z"])
        #expect(explain.status == 0, "\(explain.standardError)")
        #expect(explain.standardOutput.contains("birthday: suppressed since "), "\(explain.standardOutput)")
        #expect(explain.standardOutput.contains("reason asked by phone; no mail whatever its consent"))
        #expect(!explain.standardOutput.contains("no consent"))
    }

    @Test func sendTestSendsACampaignsMessageToTheTesterNotTheCustomer() throws {
        let server = try CaptureServer.start()
        defer { server.stop() }
        let result = try KeepsakeBinary.run(
            ["send-test", "--campaign", "birthday", "--customer", "c000001", "--to", "tester@example.com"] + [
                "--database", Self.database,
                "--campaigns", Self.repository.appendingPathComponent("campaigns").path,
                "--templates", Self.repository.appendingPathComponent("templates").path,
            ],
            environment: ["KEEPSAKE_SMTP_URL": server.url])
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput.contains("rendering birthday for customer c000001: segment everyone, template birthday, locale fa"))
        let message = try #require(try server.messages().first)
        #expect(message.recipients == ["tester@example.com"])
        let check = try MessageChecker.check(message.raw)
        #expect(check.defects.isEmpty && check.lineProblems.isEmpty)
        #expect(check.to?.addrSpec == "tester@example.com")
        #expect(check.subject?.contains("تولد") == true, "\(check.subject ?? "")")
        #expect(check.from?.addrSpec == "hello@shop.example")
    }

    @Test(arguments: [
        (["send-test", "--to", "a@example.com", "--campaign", "birthday"], "--campaign and --customer go together"),
        (["preview", "--date", "21/03/2026"], "--date 21/03/2026"),
        (["preview", "--date", "2026-03-21", "--days", "0"], "--days 0"),
        (["preview", "--date", "2026-03-21", "--now", "soon"], "--now soon"),
        (["preview", "--date", "2026-03-21", "--format", "xml"], "xml"),
        (["preview", "--date", "2026-03-21", "--campaign", "nowrooz", "--now", "2026-03-20T00:00:00Z"], "no campaign has the id nowrooz"),
        (["explain", "--customer", "c000001", "--date", "tomorrow"], "--date tomorrow"),
        (["explain", "--customer", "c000001", "--date", "2027-05-14", "--now", "soon"], "--now soon"),
    ])
    func badFlagsAreRefused(arguments: [String], reason: String) throws {
        let result = try run(arguments)
        #expect(result.status == 64)
        #expect(result.standardError.contains(reason), "\(result.standardError)")
    }
}
