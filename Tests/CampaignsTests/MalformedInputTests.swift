import Foundation
import Testing
@testable import Campaigns

/// Every malformed calendar, campaign and condition in Malformed/ is refused with exactly the
/// problems MANIFEST.tsv lists for it, each at its FILE:LINE:COLUMN and with its message.
@Suite("Malformed inputs")
struct MalformedInputTests {
    struct Expectation: Sendable {
        var position: String
        var fragment: String
    }

    struct Fixture: CustomTestStringConvertible, Sendable {
        /// `calendar/<name>.yaml` or `campaigns/<name>.yaml`, relative to Malformed/.
        var path: String
        var expected: [Expectation]
        var testDescription: String { path }
    }

    static let fixtures: [Fixture] = {
        let manifest = (try? String(contentsOf: TestPaths.malformed.appendingPathComponent("MANIFEST.tsv"), encoding: .utf8)) ?? ""
        var fixtures: [Fixture] = []
        for line in manifest.split(separator: "\n") where !line.hasPrefix("#") {
            let fields = line.split(separator: "\t", maxSplits: 2).map(String.init)
            guard fields.count == 3 else { continue }
            let expectation = Expectation(position: fields[1], fragment: fields[2])
            if fixtures.last?.path == fields[0] {
                fixtures[fixtures.count - 1].expected.append(expectation)
            } else {
                fixtures.append(Fixture(path: fields[0], expected: [expectation]))
            }
        }
        return fixtures
    }()

    /// Loads the fixture as it would be found in a campaign folder; returns the folder's problems
    /// and the file name they should carry.
    func load(_ fixture: Fixture) throws -> (problems: [CampaignProblem], file: String) {
        let folder = try ScratchFolder()
        defer { folder.remove() }
        let contents = try String(contentsOf: TestPaths.malformed.appendingPathComponent(fixture.path), encoding: .utf8)
        let name = (fixture.path as NSString).lastPathComponent
        if fixture.path.hasPrefix("calendar/") {
            try folder.write("calendar.yaml", contents)
            return (CampaignSet.load(directory: folder.path).problems, folder.path + "/calendar.yaml")
        }
        try folder.write("calendar.yaml", """
            timezone: UTC
            send_window: "09:00-17:00"
            max_per_day: 1
            from: shop@shop.example
            default_locale: en
            campaigns: [\(name)]
            """)
        try folder.write(name, contents)
        return (CampaignSet.load(directory: folder.path).problems, folder.path + "/" + name)
    }

    @Test(arguments: fixtures)
    func isRefusedWithEveryProblemInPlace(_ fixture: Fixture) throws {
        let (problems, file) = try load(fixture)
        var unmatched = problems
        for expectation in fixture.expected {
            let prefix = "\(file):\(expectation.position): "
            let index = unmatched.firstIndex { $0.description.hasPrefix(prefix) && $0.description.contains(expectation.fragment) }
            #expect(index != nil, "expected \(expectation.position): …\(expectation.fragment)… among \(problems.map(\.description))")
            if let index { unmatched.remove(at: index) }
        }
        #expect(unmatched.isEmpty, "unexpected problems: \(unmatched.map(\.description))")
    }

    @Test func theCorpusIsLargeEnough() {
        #expect(Self.fixtures.count >= 40)
        #expect(Self.fixtures.filter { $0.path.hasPrefix("calendar/") }.count >= 15)
        #expect(Self.fixtures.filter { $0.expected.count > 1 }.count >= 3)
    }

    @Test func everyFixtureFileIsInTheManifest() throws {
        var onDisk: [String] = []
        for folder in ["calendar", "campaigns"] {
            let names = try FileManager.default.contentsOfDirectory(atPath: TestPaths.malformed.appendingPathComponent(folder).path)
            onDisk += names.map { "\(folder)/\($0)" }
        }
        #expect(Set(onDisk) == Set(Self.fixtures.map(\.path)))
    }
}
