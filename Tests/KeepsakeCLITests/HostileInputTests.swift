import Foundation
import Testing

/// Hostile campaign, template and configuration files, generated here and fed to the real binary
/// as a child process under a time limit: each is refused with a located error naming the limit,
/// and a crash or a hang fails its own test instead of the run.
@Suite("Hostile input files")
struct HostileInputTests {
    typealias Copy = ValidateCommandTests.Copy

    /// Long enough for a debug build on a loaded machine, far shorter than an exponential expansion.
    static let timeLimit: TimeInterval = 120

    private func validate(_ copy: Copy, _ extra: [String] = []) throws -> KeepsakeBinary.Result {
        try KeepsakeBinary.run(
            ["validate", "--campaigns", copy.campaigns, "--templates", copy.templates] + extra, timeLimit: Self.timeLimit)
    }

    private func preview(_ copy: Copy) throws -> KeepsakeBinary.Result {
        let database = copy.root.appendingPathComponent("keepsake.sqlite").path
        return try KeepsakeBinary.run([
            "preview", "--date", "2026-03-21", "--now", "2026-03-20T00:00:00Z", "--campaigns", copy.campaigns,
            "--templates", copy.templates, "--database", database,
        ], timeLimit: Self.timeLimit)
    }

    private func write(_ text: String, to file: String, in copy: Copy) throws {
        try text.write(to: copy.root.appendingPathComponent(file), atomically: true, encoding: .utf8)
    }

    /// Refused (status 65) without crashing or hanging, with `located` in what it printed.
    private func expectRefused(_ result: KeepsakeBinary.Result, _ located: String) {
        #expect(!result.crashed && !result.timedOut, "status \(result.status)")
        #expect(result.status == 65)
        let output = result.standardOutput + result.standardError
        #expect(output.contains(located), "\(output.prefix(2_000))")
    }

    @Test func aSelfIncludingPartialIsRefusedByValidateAndPreview() throws {
        let copy = try Copy()
        defer { copy.remove() }
        try copy.replace("{{shop.name}}</a>", with: "{{shop.name}}</a>{{>header}}", in: "templates/_layout/header.html.mustache")
        let located = "templates/_layout/header.html.mustache:1:"
        expectRefused(try validate(copy), located)
        expectRefused(try preview(copy), located)
        #expect(try validate(copy).standardOutput.contains("the partial header includes itself"))
    }

    @Test func partialsIncludingEachOtherAreRefusedAtTheIncludeThatClosesTheLoop() throws {
        let copy = try Copy()
        defer { copy.remove() }
        try copy.replace("{{shop.name}}</a>", with: "{{shop.name}}</a>{{>logo}}", in: "templates/_layout/header.html.mustache")
        try write("<b>logo</b>\n  {{>header}}\n", to: "templates/_layout/logo.html.mustache", in: copy)
        expectRefused(try validate(copy),
            "templates/_layout/logo.html.mustache:2:3: this {{>header}} closes a loop of partials (header → logo → header)")
        expectRefused(try preview(copy), "templates/_layout/logo.html.mustache:2:3:")
    }

    @Test func fiveThousandNestedSectionsAreRefused() throws {
        let copy = try Copy()
        defer { copy.remove() }
        let html = String(repeating: "{{#tags}}", count: 5_000) + "x" + String(repeating: "{{/tags}}", count: 5_000)
        try write(html, to: "templates/birthday/en/body.html.mustache", in: copy)
        expectRefused(try validate(copy), "templates/birthday/en/body.html.mustache:1:10: {{#tags}} inside the list section {{#tags}}")
        let deep = String(repeating: "{{#shop}}", count: 5_000) + "x" + String(repeating: "{{/shop}}", count: 5_000)
        try write(deep, to: "templates/birthday/en/body.html.mustache", in: copy)
        expectRefused(try validate(copy),
            "templates/birthday/en/body.html.mustache:1:289: the section {{#shop}} is opened inside 32 other sections, the limit")
    }

    @Test func twentyThousandNestedParenthesesAreRefusedAtTheLimit() throws {
        let copy = try Copy()
        defer { copy.remove() }
        let condition = String(repeating: "(", count: 20_000) + "total_spent >= 1000" + String(repeating: ")", count: 20_000)
        try copy.replace("tags contains \"vip\" or (total_spent >= 1000 and orders_count >= 5)", with: condition,
                         in: "campaigns/birthday.yaml")
        expectRefused(try validate(copy), "campaigns/birthday.yaml:7:44: this ( nests groups ( … ) and nots more than 32 levels deep")
    }

    @Test func anUnclosedParenthesisDeepInsideIsNamed() throws {
        let copy = try Copy()
        defer { copy.remove() }
        let condition = String(repeating: "(", count: 50_000) + "total_spent >= 1000" + String(repeating: ")", count: 49_999)
        try copy.replace("tags contains \"vip\" or (total_spent >= 1000 and orders_count >= 5)", with: condition,
                         in: "campaigns/birthday.yaml")
        expectRefused(try validate(copy), "campaigns/birthday.yaml:7:12: this ( is not closed")
    }

    @Test func twentyThousandTestsAreRefusedBeforePreviewMatchesCustomers() throws {
        let copy = try Copy()
        defer { copy.remove() }
        let condition = Array(repeating: "total_spent >= 1", count: 20_000).joined(separator: " and ")
        try copy.replace("tags contains \"vip\" or (total_spent >= 1000 and orders_count >= 5)", with: condition,
                         in: "campaigns/birthday.yaml")
        expectRefused(try preview(copy), "campaigns/birthday.yaml:7:21012: this is test number 1001 of the condition")
    }

    /// `aN: &aN [*aN-1 ×10]` for ten levels: 10^11 values once expanded.
    static func aliasBomb(levels: Int) -> String {
        var lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
        for level in 1...levels {
            lines.append("a\(level): &a\(level) [" + Array(repeating: "*a\(level - 1)", count: 10).joined(separator: ", ") + "]")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    @Test func anAliasBombInACampaignIsRefusedAtTheAlias() throws {
        let copy = try Copy()
        defer { copy.remove() }
        let url = copy.root.appendingPathComponent("campaigns/birthday.yaml")
        try (try String(contentsOf: url, encoding: .utf8) + Self.aliasBomb(levels: 10)).write(to: url, atomically: true, encoding: .utf8)
        expectRefused(try validate(copy), "campaigns/birthday.yaml:17:")
        #expect(try validate(copy).standardOutput.contains("repeat more than 10,000 values (the limit)"))
    }

    @Test func anAliasBombInTheConfigurationIsRefusedAtTheAlias() throws {
        let copy = try Copy()
        defer { copy.remove() }
        try write("unsubscribe:\n  mailto: unsubscribe@shop.example\n" + Self.aliasBomb(levels: 10), to: "keepsake.yaml", in: copy)
        let config = copy.root.appendingPathComponent("keepsake.yaml").path
        let result = try validate(copy, ["--config", config])
        #expect(!result.crashed && !result.timedOut)
        #expect(result.status != 0)
        #expect((result.standardOutput + result.standardError).contains("keepsake.yaml:6:"), "\(result.standardError)")
        #expect((result.standardOutput + result.standardError).contains("10,000 values (the limit)"))
    }

    @Test func deeplyNestedListsAreRefused() throws {
        let copy = try Copy()
        defer { copy.remove() }
        let url = copy.root.appendingPathComponent("campaigns/birthday.yaml")
        let deep = "x: " + String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000) + "\n"
        try (try String(contentsOf: url, encoding: .utf8) + deep).write(to: url, atomically: true, encoding: .utf8)
        expectRefused(try validate(copy), "campaigns/birthday.yaml:14:5: lists and sections are nested more than 32 levels deep")
    }

    @Test func aHugeCampaignFileIsRefusedAtTheSizeLimit() throws {
        let copy = try Copy()
        defer { copy.remove() }
        let url = copy.root.appendingPathComponent("campaigns/birthday.yaml")
        let handle = try FileHandle(forWritingTo: url)
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(("# " + String(repeating: "-", count: 4 << 20) + "\n").utf8))
        try handle.close()
        expectRefused(try validate(copy), "campaigns/birthday.yaml:14:")
        #expect(try validate(copy).standardOutput.contains("longer than 1,048,576 bytes (1 MiB)"))
    }

    @Test func aLatin1ByteInTheCalendarIsReportedAtItsLineAndColumn() throws {
        let copy = try Copy()
        defer { copy.remove() }
        let url = copy.root.appendingPathComponent("campaigns/calendar.yaml")
        var data = try Data(contentsOf: url)
        let name = Data("name: Sahab Shop".utf8)
        let range = try #require(data.range(of: name))
        data.replaceSubrange(range, with: Data("name: Sahab Sh".utf8) + [0xF6] + Data("p".utf8))
        try data.write(to: url)
        expectRefused(try validate(copy),
            "campaigns/calendar.yaml:10:17: this file is not UTF-8 text: the byte 0xF6 here is not UTF-8")
    }
}
