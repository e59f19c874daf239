import Foundation
import Store
import Testing

/// `keepsake run --once` ended right after planning batch k (the test hook) and started again
/// finishes the plan: every occurrence once, none missing, the rows of the first run kept as they were.
@Suite struct RunPlanningResumeTests {
    /// 19 March 2026, midnight UTC: 18–20 March are planned (the generated birthdays are on 20 March).
    static let now = "2026-03-19T00:00:00Z"
    static let batchSize = ["KEEPSAKE_TEST_PLAN_BATCH_SIZE": "20"]

    @Test(arguments: [1, 4, 9])
    func aRunEndedAfterPlanningBatchKIsFinishedByTheNextStart(batch: Int) throws {
        let uninterrupted = try DaemonFixture(generated: 240, birthday: "03-20", samples: false)
        let whole = try uninterrupted.keepsake(["run", "--once", "--now", Self.now], extraEnvironment: Self.batchSize)
        try #require(whole.status == 0, "\(whole.standardError)")
        let expected = try Self.rows(uninterrupted.database)
        #expect(expected.count > 20 * 10, "enough rows for ten batches: \(expected.count)")

        let fixture = try DaemonFixture(generated: 240, birthday: "03-20", samples: false)
        var hook = Self.batchSize
        hook["KEEPSAKE_TEST_EXIT_AFTER_PLAN_BATCH"] = "\(batch)"
        let ended = try fixture.keepsake(["run", "--once", "--now", Self.now], extraEnvironment: hook)
        #expect(!ended.crashed && !ended.timedOut)
        #expect(ended.status == 75, "the hook ends the process: \(ended.standardError)")
        #expect(ended.standardError.contains("exiting after planning batch \(batch)"))
        let written = try Self.rowsByID(fixture.database)
        #expect(written.count >= 20 * batch && written.count < expected.count, "batch \(batch) committed: \(written.count) rows")

        let restarted = try fixture.keepsake(["run", "--once", "--now", Self.now], extraEnvironment: Self.batchSize)
        #expect(restarted.status == 0, "\(restarted.standardError)")
        let finished = try Self.rowsByID(fixture.database)
        #expect(finished.values.sorted() == expected, "none twice, none missing")
        for (id, row) in written {
            let occurrence = row.split(separator: " ").prefix(3)
            #expect(finished[id].map { $0.split(separator: " ").prefix(3) == occurrence } == true,
                    "row \(id) written before the stop stays")
        }
    }

    /// Each ledger row without what differs between two runs by nature (ids, the relay's replies), sorted.
    static func rows(_ database: String) throws -> [String] {
        try rowsByID(database).values.sorted()
    }

    static func rowsByID(_ database: String) throws -> [Int64: String] {
        let store = try KeepsakeStore(path: database, mode: .mustExist)
        var rows: [Int64: String] = [:]
        // Every row, the plan's rows ahead of their send instant too (`deliveries list` shows only rows due).
        for row in try store.deliveries(customerIDs: (0..<240).map { String(format: "g%05d", $0) }) {
            rows[row.id] = [
                row.campaignID, row.customerID ?? "-", "\(row.occurrenceDate)", "\(row.day)", row.email ?? "-",
                row.template, row.locale, "\(row.sendAt)", "\(row.expiresAt)", row.messageID, row.status.rawValue,
                row.droppedBy ?? "-", "\(row.attempts)",
            ].joined(separator: " ")
        }
        return rows
    }
}
