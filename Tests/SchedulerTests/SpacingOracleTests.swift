import Calendars
import Campaigns
import Foundation
import KeepsakeTestSupport
import Testing
@testable import Scheduler
import PlannerTestSupport

/// A generated March 2026 where Eid al-Fitr, Nowruz, birthdays, feedback and win-backs collide,
/// planned over a real store and checked day by day against Tests/Support/spacing_oracle.py,
/// which plays the same month from the issue's rules in Python (jdatetime, hijridate, zoneinfo).
@Suite struct SpacingOracleTests {
    @Test(arguments: [
        (seed: UInt64(19), spacing: SpacingRules(maxPerWeek: 2, maxPerMonth: 4, minDaysBetween: 2)),
        (seed: UInt64(1405), spacing: SpacingRules(maxPerWeek: 3, maxPerMonth: 4)),
        (seed: UInt64(1447), spacing: SpacingRules(minDaysBetween: 4)),
    ])
    func aCollidingMonthAgreesWithTheOracleDayByDay(seed: UInt64, spacing: SpacingRules) throws {
        let month = CollidingMonth(seed: seed, count: 80, spacing: spacing)
        let fixture = try PlannerFixture(month.customers)
        let planner = fixture.planner(
            CollidingMonth.campaigns, calendar: month.calendar, history: InMemoryDeliveryHistory(month.history),
            frequencyCaps: InMemoryFrequencyCaps(month.caps))
        let planned = try planner.plan(now: CollidingMonth.start, days: day("2026-02-28")...CollidingMonth.days.upperBound)
            .filter { if case .handedOver = $0.status { false } else { true } }
            .map(Self.line).sorted()
        let expected = try Self.oracle(month)
        #expect(planned.count > 100, "the month is busy: \(planned.count) entries")
        for rule in ["capped", "cooldown", "week", "month", "between", "customer"] where Self.uses(rule, spacing) {
            #expect(planned.contains { $0.hasSuffix(" \(rule)") }, "some delivery is held back by \(rule)")
        }
        let differences = planned.difference(from: expected)
        #expect(differences.isEmpty, "Swift against the oracle: \(differences.map { "\($0)" }.prefix(10))")
    }

    /// Whether the month's rules can hold a delivery back by `rule`.
    static func uses(_ rule: String, _ spacing: SpacingRules) -> Bool {
        switch rule {
        case "week": spacing.maxPerWeek != nil
        case "month": spacing.maxPerMonth != nil
        case "between": spacing.minDaysBetween != nil
        default: true
        }
    }

    /// `campaign customer day word reason`, as the oracle prints it.
    static func line(_ delivery: PlannedDelivery) -> String {
        let reason: HoldReason?
        switch delivery.status {
        case .deferred(let held), .dropped(let held): reason = held
        default: reason = nil
        }
        let kind = switch reason {
        case nil: "-"
        case .capped: "capped"
        case .blackout: "blackout"
        case .windowClosed: "window"
        case .spacing(let hold):
            switch hold.rule {
            case .week: "week"
            case .month: "month"
            case .daysBetween: "between"
            case .cooldown: "cooldown"
            case .customer: "customer"
            }
        }
        return "\(delivery.campaignID) \(delivery.customerID) \(delivery.day) \(delivery.status.word) \(kind)"
    }

    /// The oracle's lines for `month`.
    static func oracle(_ month: CollidingMonth) throws -> [String] {
        let root = TestSupportPaths.repositoryRoot
        let input = FileManager.default.temporaryDirectory.appendingPathComponent("keepsake-month-\(UUID().uuidString).json")
        try month.json.write(to: input)
        defer { try? FileManager.default.removeItem(at: input) }
        let process = Process()
        process.executableURL = root.appendingPathComponent(".venv-oracles/bin/python")
        process.arguments = [root.appendingPathComponent("Tests/Support/spacing_oracle.py").path, input.path]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "spacing_oracle.py failed (run make oracles for jdatetime and hijridate)")
        return String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init)
    }
}
