import Foundation
import KeepsakeTestSupport
import Testing

/// `keepsake coupons export` against the daemon: the CSV a shop imports before the mail goes out
/// lists exactly the codes the messages then carry.
@Suite("keepsake coupons export", .serialized)
struct CouponExportTests {
    /// Codes as the messages write them: the birthday campaign's prefix and 10 readable characters.
    static var codePattern: Regex<Substring> { /BDAY-[ABCDEFGHJKLMNPQRSTUVWXYZ23456789]{10}/ }

    /// Runs `keepsake coupons export` for the birthday campaign and reads the CSV back.
    func export(
        _ fixture: DaemonFixture, from: String, to: String, now: String, name: String = UUID().uuidString
    ) throws -> ExportedCSV {
        let file = fixture.directory.appendingPathComponent("\(name).csv")
        let result = try fixture.keepsake([
            "coupons", "export", "--campaign", "birthday", "--from", from, "--to", to, "--now", now, "--out", file.path,
        ])
        try #require(result.status == 0, "\(result.standardError)")
        return try ExportedCSV(file)
    }

    /// The birthday codes of the captured messages by recipient, read by the independent parser,
    /// for the recipients `selecting` picks.
    func capturedCodes(_ fixture: DaemonFixture, selecting: (String) -> Bool = { _ in true }) throws -> [String: String] {
        var codes: [String: String] = [:]
        for check in try MessageChecker.checkDirectory(fixture.server.spoolDirectory) {
            #expect(check.defects.isEmpty && check.lineProblems.isEmpty, "\(check.file ?? "?"): \(check.defects)")
            let recipient = try #require(check.to?.addrSpec)
            guard selecting(recipient) else { continue }
            let found = (check.text ?? "").matches(of: Self.codePattern).map { String($0.output) }
            guard let code = found.first else { continue }
            #expect(Set(found).count == 1, "\(recipient): several codes \(found)")
            #expect(codes[recipient] == nil, "\(recipient) received two coupon messages")
            codes[recipient] = code
        }
        return codes
    }

    /// Runs `keepsake run --once` every `hours` from `start` to `end` (UTC instants).
    func tick(_ fixture: DaemonFixture, from start: String, to end: String, everyHours hours: Double = 3) throws {
        var instant = Instants.parse(start)
        while instant <= Instants.parse(end) {
            let tick = try fixture.keepsake(["run", "--once", "--now", Instants.text(instant)])
            try #require(tick.status == 0, "tick at \(Instants.text(instant)): \(tick.standardError)")
            instant = instant.addingTimeInterval(hours * 3_600)
        }
    }

    @Test func theExportedCodesAreExactlyTheCodesSentAndPlannedDaysMatchTheirLaterPreviewAndSends() throws {
        let fixture = try DaemonFixture(generated: 36, birthday: "05-10", samples: false)
        try fixture.addGeneratedCustomers(36, first: 1_000, birthday: "05-20")
        let optedIn = 33  // every tenth generated customer opted out
        // Before anything is sent: every code of both birthdays, all planned.
        let before = try export(fixture, from: "2026-05-10", to: "2026-05-20", now: "2026-05-09T00:00:00Z", name: "before")
        #expect(before.header == ["code", "customer", "email", "percent", "expires", "status", "campaign", "day", "occurrence",
                                "segment", "redeemed_by", "redeemed_at"])
        #expect(before.usesCRLF, "RFC 4180 line ends")
        #expect(before.rows.allSatisfy { $0["status"] == "planned" && $0["campaign"] == "birthday" && $0["percent"] == "20" })
        #expect(before.rows.allSatisfy { $0["code"]?.wholeMatch(of: Self.codePattern) != nil })
        #expect(Set(before.rows.map { $0["code"]! }).count == before.rows.count, "codes are unique")
        let firstDay = before.codes(day: "2026-05-10")
        let secondDay = before.codes(day: "2026-05-20")
        #expect(firstDay.count == optedIn && secondDay.count == optedIn, "\(firstDay.count) and \(secondDay.count) of \(optedIn)")
        #expect(before.rows.allSatisfy { row in
            row["expires"] == (row["day"] == "2026-05-10" ? "2026-05-24" : "2026-06-03")
        })

        // The daemon sends the first birthday; the export then shows those codes sent, unchanged.
        try tick(fixture, from: "2026-05-09T09:00:00Z", to: "2026-05-11T12:00:00Z")
        let sentFirst = try capturedCodes(fixture)
        let after = try export(fixture, from: "2026-05-10", to: "2026-05-20", now: "2026-05-12T00:00:00Z", name: "after")
        let sentRows = after.rows.filter { $0["status"] == "sent" }
        #expect(Dictionary(uniqueKeysWithValues: sentRows.map { ($0["email"]!, $0["code"]!) }) == sentFirst)
        #expect(sentFirst == firstDay, "the codes sent are the codes exported before")
        #expect(after.codes(day: "2026-05-20") == secondDay)
        #expect(after.rows.filter { $0["day"] == "2026-05-20" }.allSatisfy { $0["status"] == "planned" })

        // The second birthday: its preview shows the exported codes, and so do the messages sent.
        let previewDirectory = fixture.directory.appendingPathComponent("preview")
        let preview = try fixture.keepsake([
            "preview", "--date", "2026-05-20", "--campaign", "birthday", "--now", "2026-05-19T00:00:00Z",
            "--out", previewDirectory.path,
        ])
        try #require(preview.status == 0, "\(preview.standardError)")
        var previewed: [String: String] = [:]
        for check in try MessageChecker.checkDirectory(previewDirectory) {
            previewed[try #require(check.to?.addrSpec)] = (check.text ?? "").firstMatch(of: Self.codePattern).map { String($0.output) }
        }
        #expect(previewed == secondDay)
        try tick(fixture, from: "2026-05-19T09:00:00Z", to: "2026-05-21T12:00:00Z")
        #expect(try capturedCodes(fixture) { !sentFirst.keys.contains($0) } == secondDay)
        let last = try export(fixture, from: "2026-05-20", to: "2026-05-20", now: "2026-05-22T00:00:00Z", name: "last")
        #expect(last.rows.allSatisfy { $0["status"] == "sent" } && last.codes(day: "2026-05-20") == secondDay)
    }

    @Test func aDeferredThenSentDeliveryKeepsItsExportedCode() throws {
        let fixture = try DaemonFixture(generated: 0, birthday: "05-10", samples: false)
        let customers = fixture.directory.appendingPathComponent("deferred.csv")
        try """
            id,email,first_name,locale,timezone,calendar,birthday,consent,consent_at,consent_source
            d1,data-451-x1+d1@keepsake.test,Dara,en,UTC,gregorian,1990-05-10,opted_in,2025-01-01T00:00:00Z,checkout checkbox
            """.write(to: customers, atomically: true, encoding: .utf8)
        try #require(try fixture.keepsake(["import", "customers", customers.path], files: false).status == 0)

        let planned = try export(fixture, from: "2026-05-10", to: "2026-05-10", now: "2026-05-09T00:00:00Z")
        try #require(planned.rows.count == 1)
        let code = try #require(planned.rows[0]["code"])
        // 10:00 UTC: the relay refuses the message after its end (451): deferred, retried a minute later.
        #expect(try fixture.keepsake(["run", "--once", "--now", "2026-05-10T10:00:00Z"]).status == 0)
        let deferred = try export(fixture, from: "2026-05-10", to: "2026-05-10", now: "2026-05-10T10:00:30Z")
        #expect(deferred.rows.map { [$0["status"]!, $0["code"]!] } == [["deferred", code]])
        #expect(try fixture.keepsake(["run", "--once", "--now", "2026-05-10T10:10:00Z"]).status == 0)
        let sent = try export(fixture, from: "2026-05-10", to: "2026-05-10", now: "2026-05-10T10:10:30Z")
        #expect(sent.rows.map { [$0["status"]!, $0["code"]!] } == [["sent", code]])
        #expect(try capturedCodes(fixture) == ["data-451-x1+d1@keepsake.test": code])
        #expect(try fixture.server.events().filter { $0.kind == "data" }.count == 2, "two attempts reached the end of the message")
    }

    @Test(arguments: [
        ([], "--campaign"),
        (["--campaign", "birthday", "--from", "2026-05-10"], "--to"),
        (["--campaign", "birthday", "--from", "10/05/2026", "--to", "2026-05-20"], "--from 10/05/2026: write a day as YYYY-MM-DD"),
        (["--campaign", "birthday", "--from", "2026-05-10", "--to", "2026-02-30"], "--to 2026-02-30: write a day as YYYY-MM-DD"),
        (["--campaign", "birthday", "--from", "2026-05-20", "--to", "2026-05-10"], "--to 2026-05-10 is before --from 2026-05-20"),
        (["--campaign", "birthday", "--from", "2026-01-01", "--to", "2027-01-02"], "covers 367 days; export at most 366"),
        (["--campaign", "birthday", "--from", "2026-05-10", "--to", "2026-05-10", "--now", "soon"], "--now soon"),
        (["--campaign", "birthday", "--from", "2026-05-10", "--to", "2026-05-10", "--force"], "--force replaces the --out file"),
        (["--campaign", "birthdya", "--from", "2026-05-10", "--to", "2026-05-10"], "no campaign has the id birthdya; the campaigns are birthday, nowruz"),
        (["--campaign", "feedback", "--from", "2026-05-10", "--to", "2026-05-10"], "the campaign feedback"),
        (["--campaign", "birthday", "--from", "2026-05-10", "--to", "2026-05-10", "--format", "xml"], "--format"),
    ])
    func badFlagsAreRefusedAndWriteNothing(arguments: [String], reason: String) throws {
        let fixture = try DaemonFixture(generated: 3, birthday: "05-10", samples: false)
        let result = try fixture.keepsake(["coupons", "export"] + arguments)
        #expect(result.status == 64, "\(result.standardError)")
        #expect(result.standardError.contains(reason), "\(result.standardError)")
        #expect(result.standardOutput.isEmpty)
        if reason == "the campaign feedback" {
            #expect(result.standardError.contains("gives no coupon"))
            #expect(result.standardError.contains("export one of birthday, nowruz, anniversary, winback-1, winback-2"))
        }
    }

    @Test func anExistingFileIsReplacedOnlyWithForceAndAFailedExportLeavesNothing() throws {
        let fixture = try DaemonFixture(generated: 12, birthday: "05-10", samples: false)
        let folder = fixture.directory.appendingPathComponent("exports")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let file = folder.appendingPathComponent("codes.csv")
        try "the shop's own notes\n".write(to: file, atomically: true, encoding: .utf8)
        let flags = ["coupons", "export", "--campaign", "birthday", "--from", "2026-05-10", "--to", "2026-05-10",
                     "--now", "2026-05-09T00:00:00Z"]

        let refused = try fixture.keepsake(flags + ["--out", file.path])
        #expect(refused.status == 73)
        #expect(refused.standardError.contains("\(file.path) already exists; choose a new name, or add --force to replace it"))
        #expect(try String(contentsOf: file, encoding: .utf8) == "the shop's own notes\n")

        let missingFolder = folder.appendingPathComponent("no-such-folder/codes.csv")
        let cannot = try fixture.keepsake(flags + ["--out", missingFolder.path])
        #expect(cannot.status == 73 && cannot.standardError.contains("cannot create"), "\(cannot.standardError)")

        let onAFolder = try fixture.keepsake(flags + ["--out", folder.path, "--force"])
        #expect(onAFolder.status == 73, "\(onAFolder.standardError)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["codes.csv"], "no temporary file is left")

        let replaced = try fixture.keepsake(flags + ["--out", file.path, "--force"])
        #expect(replaced.status == 0, "\(replaced.standardError)")
        #expect(replaced.standardError.contains("codes (") && replaced.standardError.contains("planned) written to \(file.path)"))
        let csv = try ExportedCSV(file)
        #expect(csv.rows.count == 11 && csv.rows.allSatisfy { $0["status"] == "planned" })
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["codes.csv"])

        // Without --out the same CSV goes to standard output; exporting again shows the same codes.
        let printed = try fixture.keepsake(Array(flags))
        #expect(printed.status == 0)
        #expect(printed.standardOutput == (try String(contentsOf: file, encoding: .utf8)))
    }

    @Test func verpGivesEachMessageItsOwnEnvelopeSenderThroughLibcurl() throws {
        let fixture = try DaemonFixture(generated: 6, birthday: "05-10", samples: false, zones: ["UTC"])
        let verp = ["KEEPSAKE_SENDER_VERP": "true", "KEEPSAKE_SENDER_ENVELOPE_FROM": "bounces@shop.example"]
        let tick = try fixture.keepsake(["run", "--once", "--now", "2026-05-10T10:00:00Z"], extraEnvironment: verp)
        try #require(tick.status == 0, "\(tick.standardError)")
        let messages = try fixture.server.messages()
        #expect(messages.count == 6)
        let senders = messages.map(\.mailFrom)
        #expect(senders.allSatisfy { $0.wholeMatch(of: /bounces\+[1-9][0-9]*-[a-z2-7]{10}@shop\.example/) != nil }, "\(senders)")
        #expect(Set(senders).count == messages.count)

        let plus = try fixture.keepsake(
            ["run", "--once", "--now", "2026-05-10T11:00:00Z"],
            extraEnvironment: ["KEEPSAKE_SENDER_VERP": "true", "KEEPSAKE_SENDER_ENVELOPE_FROM": "bounces+shop@shop.example"])
        #expect(plus.status == 78)
        #expect(plus.standardError.contains("environment KEEPSAKE_SENDER_ENVELOPE_FROM"), "\(plus.standardError)")
        #expect(plus.standardError.contains("already holds a \"+\""), "\(plus.standardError)")
        let notABoolean = try fixture.keepsake(
            ["run", "--once", "--now", "2026-05-10T11:00:00Z"], extraEnvironment: ["KEEPSAKE_SENDER_VERP": "yes"])
        #expect(notABoolean.status == 78 && notABoolean.standardError.contains("write true instead"), "\(notABoolean.standardError)")
    }
}

/// A CSV file as Python's csv module — an independent RFC 4180 reader — reads it.
struct ExportedCSV {
    let header: [String]
    let rows: [[String: String]]
    /// Whether every line ends in CRLF.
    let usesCRLF: Bool

    init(_ file: URL) throws {
        let script = """
            import csv, json, sys
            with open(sys.argv[1], newline="", encoding="utf-8", errors="strict") as f:
                print(json.dumps(list(csv.reader(f, strict=True))))
            """
        let result = try KeepsakeBinary.run(
            ["-c", script, file.path], executable: URL(fileURLWithPath: "/usr/bin/python3"))
        try #require(result.status == 0, "\(result.standardError)")
        let table = try JSONDecoder().decode([[String]].self, from: Data(result.standardOutput.utf8))
        header = try #require(table.first)
        rows = try table.dropFirst().map { fields in
            try #require(fields.count == table[0].count, "a row with \(fields.count) fields")
            return Dictionary(uniqueKeysWithValues: zip(table[0], fields))
        }
        let bytes = Array(try Data(contentsOf: file))
        let lineFeeds = bytes.indices.filter { bytes[$0] == 0x0A }
        usesCRLF = !lineFeeds.isEmpty && lineFeeds.allSatisfy { $0 > 0 && bytes[$0 - 1] == 0x0D } && bytes.last == 0x0A
    }

    /// The codes of one local day, by email address.
    func codes(day: String) -> [String: String] {
        Dictionary(uniqueKeysWithValues: rows.filter { $0["day"] == day }.map { ($0["email"]!, $0["code"]!) })
    }
}
