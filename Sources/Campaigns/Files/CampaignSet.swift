import Foundation
internal import StrictYAML

/// The campaign folder as a whole: `calendar.yaml` and every campaign it lists, with every problem
/// found in any of them.
///
/// ```swift
/// let set = CampaignSet.load(directory: "campaigns")
/// for problem in set.problems { print(problem) }   // campaigns/birthday.yaml:6:29: unknown field …
/// guard set.errors.isEmpty, let calendar = set.calendar else { exit(1) }
/// ```
public struct CampaignSet: Sendable {
    /// The folder, as given.
    public let directory: String
    /// The communication calendar; nil when `calendar.yaml` is missing or has an error.
    public let calendar: CommunicationCalendar?
    /// The campaigns that loaded without error, in priority order (the order calendar.yaml lists them).
    public let campaigns: [Campaign]
    /// Every problem, errors and warnings, file by file in the order read.
    public let problems: [CampaignProblem]

    /// The problems that block sending.
    public var errors: [CampaignProblem] { problems.filter { $0.severity == .error } }
    /// The problems that do not block sending but are probably mistakes.
    public var warnings: [CampaignProblem] { problems.filter { $0.severity == .warning } }

    /// The campaign with `id`, if it loaded.
    public func campaign(id: String) -> Campaign? {
        campaigns.first { $0.id == id }
    }

    /// The name of the calendar file in the campaign folder.
    public static let calendarFileName = "calendar.yaml"

    /// Loads `directory/calendar.yaml` and each campaign file it lists (`directory/<id>.yaml`).
    ///
    /// Never throws: every problem, including a missing folder or file, is in ``problems``. A
    /// campaign file listed but absent is an error at its line in calendar.yaml; a `.yaml` or
    /// `.yml` file in the folder that is not listed is a warning (it never runs).
    public static func load(directory: String) -> CampaignSet {
        var problems = ProblemCollector()
        let calendarPath = path(directory, calendarFileName)
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isFolder), isFolder.boolValue else {
            problems.record(CampaignProblem(.unreadableFile, at: SourceLocation(file: directory),
                                            "there is no campaign folder here; create it with a calendar.yaml"))
            return CampaignSet(directory: directory, calendar: nil, campaigns: [], problems: problems.problems)
        }
        guard let calendarText = read(calendarPath, into: &problems) else {
            return CampaignSet(directory: directory, calendar: nil, campaigns: [], problems: problems.problems)
        }
        let calendarResult = CalendarReader.read(contents: calendarText, file: calendarPath)
        problems.record(contentsOf: calendarResult.problems)

        var campaigns: [Campaign] = []
        var listedAt: [String: SourceLocation] = [:]
        for entry in calendarResult.campaignFiles {
            if let first = listedAt[entry.text] {
                problems.record(CampaignProblem(.duplicateListing, at: entry.location,
                                                "\(entry.text) is listed twice (first on line \(first.line)); list each campaign once, at its priority"))
                continue
            }
            listedAt[entry.text] = entry.location
            let filePath = path(directory, entry.text)
            guard FileManager.default.fileExists(atPath: filePath) else {
                problems.record(CampaignProblem(.missingFile, at: entry.location,
                                                "\(entry.text) is listed, but there is no file \(filePath); create it or remove this line"))
                continue
            }
            guard let text = read(filePath, into: &problems) else { continue }
            let reader = CampaignReader(contents: text, file: filePath, expectedID: String(entry.text.dropLast(".yaml".count)))
            let (campaign, campaignProblems) = reader.read()
            problems.record(contentsOf: campaignProblems)
            guard let campaign else { continue }
            if let topics = calendarResult.calendar?.topics, let problem = TopicsReader.problem(campaign: campaign, topics: topics) {
                problems.record(problem)
                continue
            }
            campaigns.append(campaign)
        }
        for name in unlistedFiles(in: directory, listed: Set(listedAt.keys)) {
            problems.record(CampaignProblem(
                .unlistedFile, at: SourceLocation(file: path(directory, name), line: 1, column: 1),
                "this campaign never runs: calendar.yaml does not list \(name) under campaigns:; add it there at its priority, or delete the file",
                severity: .warning))
        }
        return CampaignSet(directory: directory, calendar: calendarResult.calendar, campaigns: campaigns, problems: problems.problems)
    }

    private static func path(_ directory: String, _ name: String) -> String {
        directory.hasSuffix("/") ? directory + name : directory + "/" + name
    }

    /// The file's text, or nil after recording why it cannot be read: it is missing or unreadable,
    /// longer than StrictYAML's size limit, or not UTF-8 (at the first byte that is not).
    private static func read(_ path: String, into problems: inout ProblemCollector) -> String? {
        guard let data = YAMLText.contents(atPath: path) else {
            let exists = FileManager.default.fileExists(atPath: path)
            problems.record(CampaignProblem(.unreadableFile, at: SourceLocation(file: path),
                                            exists ? "cannot read this file; check its permissions" : "missing; every campaign folder needs one"))
            return nil
        }
        return problems.attempt { try YAMLText.decode(data, file: path) }
    }

    /// `.yaml` and `.yml` files of the folder, other than calendar.yaml, that the calendar does not list; sorted.
    private static func unlistedFiles(in directory: String, listed: Set<String>) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return names.filter { name in
            (name.hasSuffix(".yaml") || name.hasSuffix(".yml")) && name != calendarFileName && !listed.contains(name)
        }.sorted()
    }
}
