import Foundation
import Store
import Testing

/// `keepsake status`, `resume` and `suppression confirm|undo` on a store whose suppression breaker
/// tripped (two hard bounces in a row with one reply, breaker limit 2).
@Suite struct SuppressionBreakerCommandTests {
    let directory: URL
    let database: String
    let held: [LedgerDelivery]

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("keepsake-breaker-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        database = directory.appendingPathComponent("keepsake.sqlite").path
        let store = try KeepsakeStore(path: database)
        let sendAt = Date(timeIntervalSince1970: 1_778_394_600)  // 2026-05-10T06:30:00Z
        var held: [LedgerDelivery] = []
        for id in ["c1", "c2"] {
            let email = "\(id)@shop.example"
            try store.recordDue([LedgerDelivery(
                campaignID: "birthday", customerID: id, occurrenceDate: try .init(parsing: "2026-05-10"),
                day: try .init(parsing: "2026-05-10"), email: email, segment: "everyone", template: "birthday",
                locale: "en", timeZone: TimeZone(identifier: "UTC")!, years: nil, sendAt: sendAt, expiresAt: sendAt.addingTimeInterval(86_400 * 365 * 10),
                messageID: "<\(id)@shop.example>", plannedAt: sendAt)])
            let row = try #require(try store.deliveries(customerIDs: [id]).first)
            try store.recordOutcome(
                row.id, .failed(reply: "550 5.1.1 <\(email)>: User unknown", stage: "recipient", suppress: true),
                now: sendAt, breaker: SuppressionBreaker(limit: 2))
            held.append(row)
        }
        self.held = held
    }

    func keepsake(_ arguments: [String]) throws -> KeepsakeBinary.Result {
        try KeepsakeBinary.run(arguments + ["--database", database])
    }

    @Test func statusShowsTheHeldSuppressionsAndResumeDoesNotLiftTheBreaker() throws {
        let status = try keepsake(["status", "--now", "2026-05-10T12:00:00Z"])
        #expect(status.status == 2)
        #expect(status.standardOutput.contains("SENDING PAUSED (suppression_breaker"), "\(status.standardOutput)")
        #expect(status.standardOutput.contains("2 recipients in a row"))
        #expect(status.standardOutput.contains("held suppressions: 2"))
        #expect(status.standardOutput.contains("c1@shop.example") && status.standardOutput.contains("550 5.1.1 <c2@shop.example>"))
        let resume = try keepsake(["resume"])
        #expect(resume.status == 1)
        #expect(resume.standardError.contains("sending stays paused"), "\(resume.standardError)")

        let confirm = try keepsake(["suppression", "confirm"])
        #expect(confirm.status == 0, "\(confirm.standardError)")
        #expect(confirm.standardOutput.contains("2 held addresses suppressed"))
        #expect(confirm.standardOutput.contains("sending resumes"))
        let list = try keepsake(["suppression", "list"])
        #expect(list.standardOutput.contains("c1@shop.example") && list.standardOutput.contains("2 suppressed"))
        let after = try keepsake(["status", "--now", "2026-05-10T12:00:00Z"])
        #expect(after.standardOutput.contains("sending: active"), "\(after.standardOutput)")
        #expect(!after.standardOutput.contains("held suppressions"))
        let again = try keepsake(["suppression", "confirm"])
        #expect(again.status == 1 && again.standardError.contains("no suppressions are held"))
    }

    @Test func undoPutsTheDeliveriesBackAndLeavesAnOperatorsPause() throws {
        let undo = try keepsake(["suppression", "undo"])
        #expect(undo.status == 0, "\(undo.standardError)")
        #expect(undo.standardOutput.contains("2 held suppressions dropped; 2 deliveries wait again"))
        let store = try KeepsakeStore(path: database)
        #expect(try store.suppressionCount() == 0)
        #expect(try held.allSatisfy { try store.delivery(id: $0.id)?.status == .planned })
        let status = try keepsake(["status", "--now", "2026-05-10T12:00:00Z"])
        #expect(status.standardOutput.contains("SENDING PAUSED (operator"), "\(status.standardOutput)")
        #expect(status.standardOutput.contains("keepsake resume"))
        #expect(try keepsake(["resume"]).status == 0)
        #expect(try keepsake(["suppression", "undo"]).status == 1)
    }
}
