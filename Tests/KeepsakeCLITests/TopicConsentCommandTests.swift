import Foundation
import Testing

/// Topic consent from the command line: `import customers` with a `topics_left` column checked
/// against the calendar's topics, shown by `consent log` and `customers export`.
@Suite("keepsake import, consent log and customers export: topics")
struct TopicConsentCommandTests {
    typealias Workspace = AudienceCommandTests.Workspace

    static let campaigns = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("campaigns").path

    static let header = "id,email,first_name,consent,consent_at,consent_source,topics_left"

    @Test func topicsLeftAreImportedLoggedAndExported() throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        let file = try workspace.file("customers.csv", """
            \(Self.header)
            c1,sara@example.com,Sara,opted_in,2026-01-05T10:00:00Z,newsletter settings,offers;feedback
            c2,ali@example.com,Ali,opted_in,2026-01-05T10:00:00Z,newsletter settings,

            """)
        let imported = try workspace.run(["import", "customers", file, "--campaigns", Self.campaigns])
        #expect(imported.status == 0, "\(imported.standardError)")
        #expect(imported.standardOutput.contains("topic choices recorded: 2"), "\(imported.standardOutput)")
        let again = try workspace.run(["import", "customers", file, "--campaigns", Self.campaigns])
        #expect(again.status == 0)
        #expect(!again.standardOutput.contains("topic choices recorded"), "\(again.standardOutput)")
        #expect(try workspace.run(["consent", "verify"]).standardOutput.contains("intact: 4 events"))

        let log = try workspace.run(["consent", "log", "sara@example.com"])
        let lines = log.standardOutput.split(separator: "\n")
        #expect(lines.first?.contains("about") == true)
        #expect(lines.filter { $0.contains("topic feedback left") && $0.contains("newsletter settings") }.count == 1)
        #expect(lines.filter { $0.contains("topic offers left") }.count == 1)
        #expect(lines.filter { $0.contains(" consent ") && $0.contains("opted_in") }.count == 1)
        let json = try workspace.run(["consent", "log", "sara@example.com", "--format", "json"])
        #expect(json.standardOutput.contains(#""preference":"topic feedback""#), "\(json.standardOutput)")

        let export = try workspace.run(["customers", "export", "sara@example.com"])
        let object = try JSONSerialization.jsonObject(with: Data(export.standardOutput.utf8)) as? [String: Any]
        let preferences = object?["preferences"] as? [String: Any]
        #expect(preferences?["topicsLeft"] as? [String] == ["feedback", "offers"], "\(export.standardOutput)")
        #expect(preferences?["frequency"] as? String == "any")
        #expect(preferences?["pausedUntil"] == nil)
    }

    @Test func anUnknownTopicRefusesTheFileAndNamesRowColumnAndTheCalendarsTopics() throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        let file = try workspace.file("customers.csv", """
            \(Self.header)
            c1,sara@example.com,Sara,opted_in,2026-01-05T10:00:00Z,newsletter settings,offers
            c2,ali@example.com,Ali,opted_in,2026-01-05T10:00:00Z,newsletter settings,holiday

            """)
        let result = try workspace.run(["import", "customers", file, "--campaigns", Self.campaigns])
        #expect(result.status == 65)
        #expect(result.standardError.contains(
            "customers.csv:3: topics_left: unknown topic \"holiday\" (did you mean holidays?); "
                + "the calendar's topics are birthdays, holidays, offers, feedback"), "\(result.standardError)")
        #expect(try workspace.run(["consent", "verify"]).standardOutput.contains("intact: 0 events"))
        #expect(try workspace.run(["customers", "show", "c1"]).status == 1)
    }
}
