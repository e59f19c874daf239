import Foundation
import Testing
@testable import Campaigns

/// The folder as a whole: what calendar.yaml lists against what is there, and every problem of
/// every file in one load.
@Suite("Campaign folder")
struct CampaignSetTests {
    static let calendar = """
        timezone: UTC
        send_window: "09:00-17:00"
        max_per_day: 1
        from: shop@shop.example
        default_locale: en
        campaigns:
          - first.yaml
          - second.yaml

        """

    static func campaign(_ id: String, where condition: String = "orders_count >= 1") -> String {
        "id: \(id)\nname: \(id)\ntrigger: {after: last_order_at, days: 7}\nsegments:\n  - {name: all, where: \"\(condition)\", template: t}\n"
    }

    /// Loads a folder holding `files`; returns the set and the problems with the folder's path removed.
    func load(_ files: [String: String]) throws -> (set: CampaignSet, problems: [String]) {
        let folder = try ScratchFolder()
        defer { folder.remove() }
        for (name, contents) in files { try folder.write(name, contents) }
        let set = CampaignSet.load(directory: folder.path)
        return (set, set.problems.map { $0.description.replacingOccurrences(of: folder.path + "/", with: "") })
    }

    @Test func aCompleteFolderHasNoProblems() throws {
        let (set, problems) = try load(["calendar.yaml": Self.calendar, "first.yaml": Self.campaign("first"), "second.yaml": Self.campaign("second")])
        #expect(problems == [])
        #expect(set.campaigns.map(\.id) == ["first", "second"])
    }

    @Test func listedButMissingIsAnErrorAtItsLine() throws {
        let (set, problems) = try load(["calendar.yaml": Self.calendar, "first.yaml": Self.campaign("first")])
        #expect(problems.count == 1)
        #expect(problems.first?.hasPrefix("calendar.yaml:8:5: second.yaml is listed, but there is no file ") == true)
        #expect(set.errors.first?.code == .missingFile)
        #expect(set.campaigns.map(\.id) == ["first"])
    }

    @Test func unlistedFilesAreWarnings() throws {
        let (set, problems) = try load([
            "calendar.yaml": Self.calendar, "first.yaml": Self.campaign("first"), "second.yaml": Self.campaign("second"),
            "draft.yaml": Self.campaign("draft"), "old.yml": "x", "notes.txt": "not a campaign",
        ])
        #expect(problems == [
            "draft.yaml:1:1: warning: this campaign never runs: calendar.yaml does not list draft.yaml under campaigns:; add it there at its priority, or delete the file",
            "old.yml:1:1: warning: this campaign never runs: calendar.yaml does not list old.yml under campaigns:; add it there at its priority, or delete the file",
        ])
        #expect(set.errors.isEmpty)
        #expect(set.warnings.allSatisfy { $0.code == .unlistedFile && $0.severity == .warning })
        #expect(set.campaigns.count == 2)
    }

    @Test func listedTwiceIsAnError() throws {
        let calendar = Self.calendar + "  - first.yaml\n"
        let (_, problems) = try load(["calendar.yaml": calendar, "first.yaml": Self.campaign("first"), "second.yaml": Self.campaign("second")])
        #expect(problems == ["calendar.yaml:9:5: first.yaml is listed twice (first on line 7); list each campaign once, at its priority"])
    }

    @Test func everyFileIsCheckedEvenWhenTheCalendarHasErrors() throws {
        let calendar = Self.calendar.replacingOccurrences(of: "timezone: UTC", with: "timezone: Europe/Berln")
        let (set, problems) = try load([
            "calendar.yaml": calendar, "first.yaml": Self.campaign("first", where: "totl_spent > 1"), "second.yaml": Self.campaign("second"),
        ])
        #expect(problems.count == 2)
        #expect(problems.first?.hasPrefix("calendar.yaml:1:11: timezone: unknown time zone \"Europe/Berln\" (did you mean Europe/Berlin?)") == true)
        #expect(problems.last?.hasPrefix("first.yaml:5:25: unknown field 'totl_spent'") == true)
        #expect(set.calendar == nil)
        #expect(set.campaigns.map(\.id) == ["second"])
    }

    @Test func conditionProblemsShowTheConditionAndACaret() throws {
        let (set, problems) = try load([
            "calendar.yaml": Self.calendar, "first.yaml": Self.campaign("first", where: "total_spent >= 1000 and totl_spent < 5"),
            "second.yaml": Self.campaign("second"),
        ])
        #expect(problems == ["""
            first.yaml:5:49: unknown field 'totl_spent' (did you mean total_spent?)
                total_spent >= 1000 and totl_spent < 5
                                        ^
            """])
        let problem = try #require(set.problems.first)
        #expect(problem.code == .unknownField)
        #expect(problem.message == "unknown field 'totl_spent' (did you mean total_spent?)")
        #expect(problem.excerpt.count == 2)
    }

    @Test func aMissingFolderOrCalendarIsReported() throws {
        let missing = CampaignSet.load(directory: "/nonexistent/keepsake/campaigns")
        #expect(missing.problems.map(\.description) == ["/nonexistent/keepsake/campaigns: there is no campaign folder here; create it with a calendar.yaml"])
        let (set, problems) = try load(["first.yaml": Self.campaign("first")])
        #expect(problems.first == "calendar.yaml: missing; every campaign folder needs one")
        #expect(set.calendar == nil && set.campaigns.isEmpty)
    }

    @Test func textThatIsNotUTF8IsRefused() throws {
        let folder = try ScratchFolder()
        defer { folder.remove() }
        try folder.write("calendar.yaml", Self.calendar)
        try folder.write("second.yaml", Self.campaign("second"))
        FileManager.default.createFile(atPath: folder.path + "/first.yaml", contents: Data([0x69, 0x64, 0x3A, 0x20, 0xFF, 0xFE, 0x0A]))
        let set = CampaignSet.load(directory: folder.path)
        #expect(set.problems.map(\.description) == [
            "\(folder.path)/first.yaml:1:5: this file is not UTF-8 text: the byte 0xFF here is not UTF-8 "
                + "(the file was probably saved as Latin-1 or Windows-1252); save it as UTF-8",
        ])
    }

    @Test func aDisabledBoundedCampaignKnowsWhenItMayRun() throws {
        let first = Self.campaign("first") + "enabled: true\nstart: 2026-12-01\nend: 2026-12-31\ncatch_up: true\n"
        let second = Self.campaign("second") + "enabled: false\n"
        let (set, problems) = try load(["calendar.yaml": Self.calendar, "first.yaml": first, "second.yaml": second])
        #expect(problems == [])
        let bounded = try #require(set.campaign(id: "first"))
        #expect(bounded.catchUp)
        #expect(bounded.isActive(on: try .init(parsing: "2026-12-01")))
        #expect(bounded.isActive(on: try .init(parsing: "2026-12-31")))
        #expect(!bounded.isActive(on: try .init(parsing: "2026-11-30")))
        #expect(!bounded.isActive(on: try .init(parsing: "2027-01-01")))
        #expect(set.campaign(id: "second")?.isActive(on: try .init(parsing: "2026-12-15")) == false)
    }

    @Test func aHoldoutShareIsReadInHundredthsOfAPerCent() throws {
        let first = Self.campaign("first") + "holdout: 10%\n"
        let second = Self.campaign("second") + "holdout: 2.5%\n"
        let (set, problems) = try load(["calendar.yaml": Self.calendar, "first.yaml": first, "second.yaml": second])
        #expect(problems == [])
        #expect(set.campaign(id: "first")?.holdoutBasisPoints == 1_000)
        #expect(set.campaign(id: "second")?.holdoutBasisPoints == 250)
        let (plain, _) = try load(["calendar.yaml": Self.calendar, "first.yaml": Self.campaign("first"), "second.yaml": Self.campaign("second")])
        #expect(plain.campaign(id: "first")?.holdoutBasisPoints == 0)
    }
}
