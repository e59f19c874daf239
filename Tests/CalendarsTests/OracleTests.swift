import Foundation
import Testing

@testable import Calendars

/// Checks the conversions against independent Python implementations: `jdatetime` (Solar Hijri)
/// and `hijridate` (Umm al-Qura), installed by `make oracles` into `.venv-oracles`.
@Suite("Calendars against independent oracles")
struct OracleTests {
    struct OracleDay {
        let gregorian: LocalDate
        let persian: String
        let islamic: String
    }

    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Every day from `start` to `end`, as the oracles convert it.
    static func oracleDays(from start: String, to end: String) throws -> [OracleDay] {
        let interpreter = repositoryRoot.appendingPathComponent(".venv-oracles/bin/python")
        guard FileManager.default.isExecutableFile(atPath: interpreter.path) else {
            throw OracleMissing(path: interpreter.path)
        }
        let process = Process()
        process.executableURL = interpreter
        process.arguments = [repositoryRoot.appendingPathComponent("Tests/Support/calendar_oracle.py").path, start, end]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        return try String(decoding: data, as: UTF8.self).split(separator: "\n").map { line in
            let fields = line.split(separator: " ")
            return OracleDay(gregorian: try LocalDate(parsing: fields[0]), persian: String(fields[1]), islamic: String(fields[2]))
        }
    }

    struct OracleMissing: Error, CustomStringConvertible {
        let path: String
        var description: String { "\(path) is missing: run `make oracles` (or `make test`) to install jdatetime and hijridate" }
    }

    @Test("Persian dates equal jdatetime's on every day from 2001 to 2039")
    func persianAgreesWithJdatetime() throws {
        let days = try Self.oracleDays(from: "2001-03-21", to: "2039-12-31")
        #expect(days.count == 14_165)
        let disagreements = days.filter { CalendarSystem.persian.calendarDate(for: $0.gregorian).description != $0.persian }
        #expect(disagreements.isEmpty, "first: \(disagreements.first.map { "\($0.gregorian) → \($0.persian)" } ?? "")")
        for day in days where day.persian.hasSuffix("-01") {
            #expect(try CalendarSystem.persian.localDate(for: CalendarDate(parsing: day.persian, in: .persian)) == day.gregorian)
        }
    }

    @Test("Umm al-Qura dates equal hijridate's from 1 Muharram 1420 through Rabi' I 1451 (1999-04-17 to 2029-08-10)")
    func islamicAgreesWithHijridate() throws {
        let days = try Self.oracleDays(from: "1999-04-17", to: "2029-08-10")
        #expect(days.first?.islamic == "1420-01-01")
        let disagreements = days.filter {
            CalendarSystem.islamicUmmAlQura.calendarDate(for: $0.gregorian).description != $0.islamic
        }
        #expect(disagreements.isEmpty, "first: \(disagreements.first.map { "\($0.gregorian) → \($0.islamic)" } ?? "")")
    }

    @Test("from 1343 to 1419 AH the tables disagree on month lengths; every 30th hijridate gives is a date")
    func islamicMonthLengthsBefore1420() throws {
        let days = try Self.oracleDays(from: "1924-08-01", to: "1999-04-16")
        #expect(days.first?.islamic == "1343-01-01" && days.last?.islamic == "1419-12-30")
        var lengths: [String: Int] = [:]
        for day in days { lengths[String(day.islamic.prefix(7)), default: 0] += 1 }
        let differing = lengths.filter { month, length in
            let parts = month.split(separator: "-").compactMap { Int($0) }
            return CalendarSystem.islamicUmmAlQura.daysInMonth(year: parts[0], month: parts[1]) != length
        }
        // The figures README's calendar notes give.
        #expect((differing.count, lengths.count) == (438, 924))
        for day in days where day.islamic.hasSuffix("-30") {
            let date = try CalendarDate(parsing: day.islamic, in: .islamicUmmAlQura)
            let first = try CalendarDate(parsing: day.islamic.prefix(8) + "01", in: .islamicUmmAlQura)
            // Where the tables start the month on the same day, the 30th is hijridate's day too.
            if try CalendarSystem.islamicUmmAlQura.localDate(for: first) == day.gregorian.adding(days: -29) {
                #expect(try CalendarSystem.islamicUmmAlQura.localDate(for: date) == day.gregorian, "\(day.islamic)")
            }
        }
        // 30 Ramadan 1410, in a month of 29 days by Foundation's table.
        #expect(CalendarSystem.islamicUmmAlQura.daysInMonth(year: 1410, month: 9) == 29)
        let ramadan30 = try CalendarDate(parsing: "1410-09-30", in: .islamicUmmAlQura)
        let ramadan29 = try CalendarDate(parsing: "1410-09-29", in: .islamicUmmAlQura)
        #expect(try CalendarSystem.islamicUmmAlQura.localDate(for: ramadan30)
            == CalendarSystem.islamicUmmAlQura.localDate(for: ramadan29).adding(days: 1))
    }

    @Test("after Rabi' I 1451 the tables part by at most one day, as documented")
    func islamicDivergenceIsBounded() throws {
        let days = try Self.oracleDays(from: "2029-08-11", to: "2039-12-31")
        var differingDays = 0
        for day in days where CalendarSystem.islamicUmmAlQura.calendarDate(for: day.gregorian).description != day.islamic {
            differingDays += 1
            // The tables disagree only on where a month starts, by one day.
            let parts = day.islamic.split(separator: "-").compactMap { Int($0) }
            let monthStart = MonthTables.shared.table(for: .islamicUmmAlQura, year: parts[0]).monthStarts[parts[1] - 1]
            #expect(abs(monthStart + parts[2] - 1 - day.gregorian.dayNumber) == 1, "\(day.gregorian): hijridate \(day.islamic)")
        }
        #expect(differingDays > 0, "the documented divergence vanished: update README's calendar notes")
    }
}
