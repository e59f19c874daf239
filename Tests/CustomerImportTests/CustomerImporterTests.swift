import Calendars
import Foundation
import Mail
import Store
import Testing
@testable import CustomerImport

@Suite("Customer import")
struct CustomerImporterTests {
    /// The sample's data rows split on commas (the sample has no quoted fields), read independently of the importer.
    private static func sampleRows() throws -> [[String]] {
        let text = try String(contentsOfFile: ImportFixture.samplePath, encoding: .utf8)
        return text.split(separator: "\n").dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
    }

    @Test func theSampleImportsCleanWithNamesKeptByteForByte() throws {
        let rows = try Self.sampleRows()
        let fixture = try ImportFixture()
        let report = try fixture.importCustomers(ImportFixture.samplePath)
        #expect(report.problems.isEmpty, "\(report.problems.prefix(5))")
        #expect(report.committed)
        #expect(report.rowsRead == rows.count)
        #expect(report.inserted == rows.count)
        #expect(report.consentRecorded == rows.filter { !$0[15].isEmpty }.count)
        #expect(try fixture.store.customerCount() == rows.count)

        for row in [rows[0], rows[3], rows[rows.count - 1]] {
            let stored = try #require(try fixture.store.customer(idOrEmail: row[0]))
            #expect(Array((stored.firstName ?? "").utf8) == Array(row[2].utf8))
            #expect(Array((stored.lastName ?? "").utf8) == Array(row[3].utf8))
            #expect(stored.email.description == row[1])
            #expect(stored.calendar.rawValue == row[7])
            #expect(stored.birthday?.description == (row[8].isEmpty ? nil : row[8]))
            #expect(stored.ordersCount == Int(row[11]))
            #expect(stored.totalSpent == Decimal(string: row[12]))
            #expect(stored.tags == row[14].split(separator: ";").map(String.init))
        }
    }

    @Test func aBirthdayWithoutACalendarIsGregorian() throws {
        let fixture = try ImportFixture()
        let withoutColumn = try fixture.write("""
            id,email,birthday
            c1,sara@example.com,1990-03-21
            c2,reza@example.com,--08-02

            """, to: "no-calendar-column.csv")
        #expect(try fixture.importCustomers(withoutColumn).problems.isEmpty)
        let emptyField = try fixture.write("""
            id,email,calendar,birthday
            c3,nima@example.com,,1985-12-31

            """, to: "empty-calendar.csv")
        #expect(try fixture.importCustomers(emptyField).problems.isEmpty)
        for (id, birthday) in [("c1", "1990-03-21"), ("c2", "--08-02"), ("c3", "1985-12-31")] {
            let stored = try #require(try fixture.store.customer(idOrEmail: id))
            #expect(stored.calendar == .gregorian)
            #expect(stored.birthday?.description == birthday)
            #expect(stored.birthday?.calendar == .gregorian)
        }
        let badCalendar = try fixture.write("""
            id,email,calendar,birthday
            c4,leila@example.com,mayan,1990-03-21

            """, to: "bad-calendar.csv")
        let report = try fixture.importCustomers(badCalendar)
        #expect(!report.committed)
        #expect(report.problems.contains { "\($0)".contains("calendar") })
    }

    @Test func anUmmAlQuraBirthdayOnThe30thImportsWhereFoundationsMonthHas29Days() throws {
        let fixture = try ImportFixture()
        let path = try fixture.write("""
            id,email,calendar,birthday
            x1,x1@example.com,islamic-umalqura,1410-09-30
            x2,x2@example.com,islamic-umalqura,1446-09-30

            """, to: "hijri.csv")
        let report = try fixture.importCustomers(path)
        #expect(report.problems.isEmpty, "\(report.problems)")
        #expect(report.inserted == 2)
        #expect(try fixture.store.customer(idOrEmail: "x1")?.birthday?.description == "1410-09-30")
        #expect(try fixture.store.customer(idOrEmail: "x2")?.birthday?.description == "1446-09-30")

        let impossible = try fixture.write("""
            id,email,calendar,birthday
            x3,x3@example.com,islamic-umalqura,1410-09-31
            x4,x4@example.com,islamic-umalqura,1410-13-30

            """, to: "impossible.csv")
        #expect(try fixture.importCustomers(impossible).problems.map { "\($0.line): \($0.column)" } == ["2: birthday", "3: birthday"])
    }

    @Test func reimportingTheSameFileWritesNothing() throws {
        let rows = try Self.sampleRows()
        let fixture = try ImportFixture()
        _ = try fixture.importCustomers(ImportFixture.samplePath)
        let ledger = try fixture.store.consentLog(email: nil)
        let again = try fixture.importCustomers(ImportFixture.samplePath)
        #expect(again.committed)
        #expect((again.inserted, again.updated, again.consentRecorded) == (0, 0, 0))
        #expect(again.unchanged == rows.count)
        #expect(again.consentUnchanged == rows.filter { !$0[15].isEmpty }.count)
        #expect(try fixture.store.consentLog(email: nil) == ledger)
    }

    @Test func aChangedRowUpdatesTheCustomerAndRecordsOneConsentEvent() throws {
        let fixture = try ImportFixture()
        let first = try fixture.write("""
            \(customerHeader)
            c1,sara@example.com,سارا,کریمی,fa-IR,Asia/Tehran,IR,persian,1370-06-15,,,0,0,IRR,,opted_in,2020-01-05,checkout checkbox
            c2,ali@example.com,Ali,Rezaei,fa-IR,Asia/Tehran,IR,persian,,,,0,0,IRR,,opted_in,2020-01-05T10:00:00Z,checkout checkbox

            """, to: "first.csv")
        let second = try fixture.write("""
            \(customerHeader)
            c1,sara@example.com,سارا,کریمی,fa-IR,Asia/Tehran,IR,persian,1370-06-15,,,0,0,IRR,,opted_out,2024-02-01T09:00:00Z,one-click unsubscribe
            c2,ali@example.com,Ali,Rezaei,fa-IR,Asia/Tehran,IR,persian,,,,0,0,IRR,vip,opted_in,2020-01-05T10:00:00Z,checkout checkbox

            """, to: "second.csv")
        #expect(try fixture.importCustomers(first).consentRecorded == 2)
        let report = try fixture.importCustomers(second)
        #expect((report.updated, report.unchanged, report.consentRecorded, report.consentUnchanged) == (1, 1, 1, 1))
        let sara = try EmailAddress("sara@example.com")
        #expect(try fixture.store.currentConsent(email: sara) == .optedOut)
        let events = try fixture.store.consentLog(email: sara)
        #expect(events.map(\.reference) == ["import first.csv:2", "import second.csv:2"])
        #expect(events.map(\.source) == ["checkout checkbox", "one-click unsubscribe"])
    }

    @Test func aDryRunReportsWhatWouldChangeAndWritesNothing() throws {
        let rows = try Self.sampleRows()
        let fixture = try ImportFixture()
        let report = try fixture.importCustomers(ImportFixture.samplePath, dryRun: true)
        #expect(!report.committed)
        #expect(report.inserted == rows.count)
        #expect(report.consentRecorded == rows.filter { !$0[15].isEmpty }.count)
        #expect(try fixture.store.customerCount() == 0)
        #expect(try fixture.store.consentLog(email: nil).isEmpty)
    }

    @Test func skipInvalidImportsTheGoodRowsAndWritesTheRejectsWithReasons() throws {
        let fixture = try ImportFixture()
        let path = try fixture.write("""
            \(customerHeader)
            c1,one@example.com,One,A,en,UTC,GB,gregorian,,,,0,0,GBP,,,,
            c2,two@example,Two,B,en,UTC,GB,gregorian,,,,0,0,GBP,,,,
            c3,three@example.com,Three,C,en,UTC,GB,gregorian,2026-02-30,,,0,0,GBP,,,,
            c4,four@example.com,Four, Jr,D,en,UTC,GB,gregorian,,,,0,0,GBP,,,,
            c5,five@example.com,Five,E,en,UTC,GB,gregorian,,,,0,0,GBP,,,,

            """, to: "mixed.csv")
        let rejectsPath = fixture.path("rejects.csv")
        let report = try fixture.importCustomers(path, rejects: rejectsPath)
        #expect(report.committed)
        #expect(report.inserted == 2)
        #expect(report.rowsRejected == 3)
        #expect(try fixture.store.customer(idOrEmail: "c5") != nil)
        #expect(try fixture.store.customer(idOrEmail: "c2") == nil)

        let reader = try CSVReader(path: rejectsPath)
        #expect(reader.header == customerHeader.split(separator: ",").map(String.init) + ["error"])
        var rejected: [[String]] = []
        while let record = try reader.next() { rejected.append(record.fields) }
        #expect(rejected.map { $0[0] } == ["c2", "c3", "c4"])
        #expect(rejected[0].last?.hasPrefix("mixed.csv:3: email: invalid email address") == true)
        #expect(rejected[1].last?.hasPrefix("mixed.csv:4: birthday: 2026-02-30 is not a date") == true)
        #expect(rejected[2][2] == "Four")
        #expect(rejected[2][17] == ",")
        #expect(rejected[2].last?.hasPrefix("mixed.csv:5: column 19: this row has 19 fields") == true)
    }

    @Test func aNULCharacterInAnyStoredColumnRefusesItsRowNamingTheColumn() throws {
        let fixture = try ImportFixture()
        let path = try fixture.write(
            "id,email,first_name,loyalty_tier,timezone\n"
                + "n1,n1@example.com,A\u{0}li,gold,UTC\n"
                + "n2,n2@example.com,Reza,si\u{0}lver,UTC\n"
                + "n3,n3@example.com,Sara,gold,Asia/Tehran\u{0}\n"
                + "n4,n4@example.com,Nima,gold,UTC\n",
            to: "nul.csv")
        let refused = try fixture.importCustomers(path)
        #expect(!refused.committed)
        #expect(refused.problems.map { "\($0.line): \($0.column)" } == ["2: first_name", "3: loyalty_tier", "4: timezone"])
        #expect(refused.problems.allSatisfy { $0.message.contains("NUL character") })
        #expect(try fixture.store.customerCount() == 0)

        let skipped = try fixture.importCustomers(path, rejects: fixture.path("rejects.csv"))
        #expect(skipped.committed)
        #expect((skipped.inserted, skipped.rowsRejected) == (1, 3))
        #expect(try fixture.store.customer(idOrEmail: "n1") == nil)
        #expect(try fixture.store.customer(idOrEmail: "n4")?.firstName == "Nima")
    }

    @Test func aDryRunWithRejectsGivesTheRealRunsVerdictAndWritesNoRejectsFile() throws {
        let fixture = try ImportFixture()
        let path = try fixture.write("""
            id,email
            r1,one@example.com
            r2,two@@example.com

            """, to: "mixed.csv")
        let rejectsPath = fixture.path("rejects.csv")
        let dryRun = try fixture.importCustomers(path, dryRun: true, rejects: rejectsPath)
        #expect(!dryRun.refused && !dryRun.committed)
        #expect((dryRun.inserted, dryRun.rowsRejected, dryRun.problemCount) == (1, 1, 1))
        #expect(!FileManager.default.fileExists(atPath: rejectsPath))
        #expect(try fixture.store.customerCount() == 0)

        let refusedDryRun = try fixture.importCustomers(path, dryRun: true)
        #expect(refusedDryRun.refused)
        let real = try fixture.importCustomers(path, rejects: rejectsPath)
        #expect(!real.refused && real.committed)
        #expect((real.inserted, real.rowsRejected) == (dryRun.inserted, dryRun.rowsRejected))
    }

    @Test func progressEndsWithEveryRowAndByte() throws {
        let fixture = try ImportFixture()
        let rows = try Self.sampleRows()
        let last = LastProgress()
        let options = ImportOptions(mapping: .identity(.customers), dryRun: true) { last.value = $0 }
        _ = try CustomerImporter(store: fixture.store, options: options).run(path: ImportFixture.samplePath)
        let size = try FileManager.default.attributesOfItem(atPath: ImportFixture.samplePath)[.size] as? Int
        #expect(last.value == ImportProgress(rowsRead: rows.count, bytesRead: size ?? -1, fileSize: size))
    }
}

/// The last progress a callback saw.
private final class LastProgress: @unchecked Sendable {
    var value: ImportProgress?
}
