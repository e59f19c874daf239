import Foundation
import Testing
@testable import Templates

/// Partials that include themselves, partials and sections nested past ``TemplateLimits``: each is
/// a problem at the tag, and nothing renders without end.
@Suite struct TemplateLimitTests {
    private static let body = Fixtures.template(
        "welcome", "en", subject: "Hello {{first_name}}", html: "<p>Hello {{first_name}}</p>\n", text: "Hello\n")

    private func load(_ changes: [String: String]) throws -> (library: TemplateLibrary, folder: String) {
        let files = Fixtures.minimalLayout.merging(Self.body) { _, new in new }.merging(changes) { _, new in new }
        let folder = try Fixtures.temporaryFolder(files)
        return (TemplateLibrary.load(directory: folder), folder)
    }

    @Test func aPartialThatIncludesItselfIsAProblemAtTheTagAndDoesNotRender() throws {
        let (library, folder) = try load(["_layout/header.html.mustache": "<p>{{shop.name}}</p>\n  {{>header}}\n"])
        defer { try? FileManager.default.removeItem(atPath: folder) }
        #expect(library.problems.map(\.description) == [
            "\(folder)/_layout/header.html.mustache:2:3: the partial header includes itself, so it would be repeated "
                + "without end; remove this {{>header}}",
        ])
        #expect(library.problems.first?.code == .partialLoop)
        #expect(throws: TemplateError.self) {
            try library.render("welcome", locale: "en", context: Fixtures.context(locale: "en"))
        }
    }

    @Test func partialsThatIncludeEachOtherAreAProblemAtTheIncludeThatClosesTheLoop() throws {
        let (library, folder) = try load([
            "_layout/header.html.mustache": "<p>{{shop.name}}</p>{{>logo}}\n",
            "_layout/logo.html.mustache": "<b>{{shop.name}}</b>\n<i>{{>tagline}}</i>\n",
            "_layout/tagline.html.mustache": "{{>header}}\n",
        ])
        defer { try? FileManager.default.removeItem(atPath: folder) }
        #expect(library.problems.map(\.description) == [
            "\(folder)/_layout/tagline.html.mustache:1:1: this {{>header}} closes a loop of partials "
                + "(header → logo → tagline → header) that would be repeated without end; remove one of these includes",
        ])
        #expect(throws: TemplateError.self) {
            try library.render("welcome", locale: "en", context: Fixtures.context(locale: "en"))
        }
    }

    /// A loop made of a locale's own partial and a shared one exists only for that locale.
    @Test func aLoopThroughALocaleFolderIsFound() throws {
        let (library, folder) = try load([
            "_layout/fa/header.html.mustache": "<p>{{shop.name}}</p>{{>logo}}\n",
            "_layout/logo.html.mustache": "{{>header}}\n",
        ])
        defer { try? FileManager.default.removeItem(atPath: folder) }
        #expect(library.problems.map(\.description) == [
            "\(folder)/_layout/logo.html.mustache:1:1: this {{>header}} closes a loop of partials "
                + "(header → logo → header) that would be repeated without end; remove one of these includes",
        ])
    }

    @Test func partialsNestedPastTheLimitAreAProblem() throws {
        var files = ["_layout/header.html.mustache": "<p>{{shop.name}}</p>{{>p1}}\n"]
        for level in 1...9 { files["_layout/p\(level).html.mustache"] = "<i>{{>p\(level + 1)}}</i>\n" }
        files["_layout/p10.html.mustache"] = "<i>end</i>\n"
        let (library, folder) = try load(files)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        #expect(library.problems.map(\.description) == [
            "\(folder)/_layout/p1.html.mustache:1:4: {{>p2}} here nests partials inside partials more than 8 levels deep, "
                + "the limit; include fewer partials inside partials",
        ])
        #expect(library.problems.first?.code == .limitExceeded)
    }

    @Test func fiveThousandNestedSectionsAreAProblemAtTheFirstPastTheLimit() throws {
        let html = String(repeating: "{{#shop}}", count: 5_000) + "x" + String(repeating: "{{/shop}}", count: 5_000)
        let (library, folder) = try load(["welcome/en/body.html.mustache": html])
        defer { try? FileManager.default.removeItem(atPath: folder) }
        #expect(library.problems.map(\.description) == [
            "\(folder)/welcome/en/body.html.mustache:1:289: the section {{#shop}} is opened inside 32 other sections, "
                + "the limit; close sections before opening new ones",
        ])
    }

    @Test func aListSectionInsideAListSectionIsAProblem() throws {
        let text = "Tags:\n{{#tags}}\n{{.}}: {{#tags}}{{.}}{{/tags}}\n{{/tags}}\n"
        let (library, folder) = try load(["welcome/en/body.txt.mustache": text])
        defer { try? FileManager.default.removeItem(atPath: folder) }
        #expect(library.problems.map(\.description) == [
            "\(folder)/welcome/en/body.txt.mustache:3:8: {{#tags}} inside the list section {{#tags}} (line 2) would "
                + "repeat its content for every pair of items; close {{/tags}} first",
        ])
    }

    @Test func sectionsAtTheLimitAreRead() throws {
        let html = String(repeating: "{{#shop}}", count: TemplateLimits.maximumSectionDepth) + "{{name}}"
            + String(repeating: "{{/shop}}", count: TemplateLimits.maximumSectionDepth)
        let (library, folder) = try load(["welcome/en/body.html.mustache": html])
        defer { try? FileManager.default.removeItem(atPath: folder) }
        #expect(library.problems.isEmpty)
        let message = try library.render("welcome", locale: "en", context: Fixtures.context(locale: "en"))
        #expect(message.html.contains("Sahab Shop"))
    }

    @Test func aTemplateLongerThanTheLimitIsAProblem() throws {
        let html = "<p>{{first_name}}</p>\n" + String(repeating: "<p>text</p>\n", count: TemplateLimits.maximumBytes / 12 + 1)
        let (library, folder) = try load(["welcome/en/body.html.mustache": html])
        defer { try? FileManager.default.removeItem(atPath: folder) }
        #expect(library.problems.map(\.description) == [
            "\(folder)/welcome/en/body.html.mustache:1:1: the file is longer than 1,048,576 bytes (1 MiB), the limit "
                + "for a template; an e-mail that long would be clipped by most mail programs anyway",
        ])
        #expect(library.problems.first?.code == .limitExceeded)
    }
}
