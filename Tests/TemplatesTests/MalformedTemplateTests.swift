import Testing
@testable import Templates

/// One broken input and what `load` must say about it: the place and a piece of the message.
struct MalformedCase: CustomTestStringConvertible, Sendable {
    /// The file under the fixture folder.
    let file: String
    let line: Int
    let column: Int
    /// A piece of the message that tells the marketer what to fix.
    let fragment: String
    let code: TemplateProblem.Code

    init(_ file: String, _ line: Int, _ column: Int, _ code: TemplateProblem.Code, _ fragment: String) {
        self.file = file
        self.line = line
        self.column = column
        self.code = code
        self.fragment = fragment
    }

    var testDescription: String { "\(file):\(line):\(column)" }
}

/// Tests/TemplatesTests/Malformed: one template per mistake, each folder named after it.
let malformedCases: [MalformedCase] = [
    // swift-mustache's parse errors, placed at the tag.
    .init("unclosed-section/en/body.html.mustache", 2, 1, .syntax, "{{#coupon}} is never closed; add {{/coupon}}"),
    .init("mismatched-close/en/body.html.mustache", 3, 1, .syntax,
          "{{/first_name}} does not close the open section {{#coupon}} from line 1"),
    .init("stray-close/en/body.html.mustache", 2, 11, .syntax, "{{/coupon}} closes a section that was never opened"),
    .init("unfinished-tag/en/body.html.mustache", 1, 10, .syntax, "the tag '{{first_name' is not finished"),
    .init("space-in-name/en/body.html.mustache", 1, 10, .syntax, "the tag '{{first ' is not finished"),
    .init("unclosed-comment/en/body.html.mustache", 2, 1, .syntax, "opened with {{ but never closed with }}"),
    .init("bad-delimiters/en/body.html.mustache", 2, 1, .syntax, "delimiter change is not written as {{=<% %>=}}"),
    .init("unknown-pragma/en/body.html.mustache", 1, 1, .syntax, "pragmas ({{%…}}) are not supported"),
    .init("text-unclosed-section/en/body.txt.mustache", 2, 1, .syntax, "{{#coupon}} is never closed"),
    // Keepsake's own checks.
    .init("unknown-variable/en/body.html.mustache", 2, 11, .unknownVariable,
          "unknown variable 'frist_name' (did you mean first_name?)"),
    .init("unknown-dotted/en/body.html.mustache", 1, 17, .unknownVariable,
          "unknown variable 'coupon.cod' (did you mean coupon.code?)"),
    .init("unknown-in-section/en/body.html.mustache", 2, 8, .unknownVariable,
          "unknown variable 'percnt' (did you mean percent?)"),
    .init("unknown-in-subject/en/subject.mustache", 1, 15, .unknownVariable,
          "unknown variable 'shop.nam' (did you mean shop.name?)"),
    .init("unknown-in-text/en/body.txt.mustache", 3, 15, .unknownVariable,
          "unknown variable 'total_spend' (did you mean total_spent?)"),
    .init("unknown-nothing-close/en/body.html.mustache", 1, 6, .unknownVariable,
          "unknown variable 'favourite_colour'; templates/README.md lists the variables"),
    .init("triple-mustache/en/body.html.mustache", 1, 10, .unescapedHTML,
          "{{{first_name}}} inserts the value without HTML escaping"),
    .init("ampersand/en/body.html.mustache", 1, 10, .unescapedHTML, "{{&last_name}} inserts the value without HTML escaping"),
    .init("unknown-partial/en/body.html.mustache", 2, 4, .unknownPartial,
          "unknown partial 'fotter': there is no _layout/fotter.html.mustache (did you mean footer?)"),
    .init("partial-in-text/en/body.txt.mustache", 2, 1, .unknownPartial,
          "partials cannot be used in subjects and plain-text parts"),
    .init("content-in-body/en/body.html.mustache", 1, 4, .unknownPartial,
          "{{>content}} belongs in _layout/layout.html.mustache only"),
    .init("inheritance/en/body.html.mustache", 1, 1, .unsupportedTag, "template inheritance ({{<…}}) is not supported"),
    .init("transform/en/body.html.mustache", 1, 6, .unsupportedTag, "transforms such as 'uppercased(first_name)'"),
    .init("pragma/en/subject.mustache", 1, 1, .unsupportedTag, "pragmas ({{%…}}) are not supported"),
    // The folder's structure.
    .init("missing-text/en/subject.mustache", 1, 1, .missingPart,
          "en has no body.txt.mustache: every locale needs a plain-text part"),
    .init("missing-subject/en/body.html.mustache", 1, 1, .missingPart, "en has no subject.mustache"),
    .init("misspelt-file/en/subjet.mustache", 1, 1, .unknownFile,
          "unknown file 'subjet.mustache' (did you mean subject.mustache?)"),
    .init("misspelt-file/en/body.html.mustache", 1, 1, .missingPart, "en has no subject.mustache"),
    .init("locale-underscore/fa_IR", 1, 1, .invalidLocale, "write the locale folder 'fa_IR' as 'fa-IR'"),
    .init("locale-word/farsi", 1, 1, .invalidLocale, "'farsi' is not a locale"),
    .init("no-default-locale", 1, 1, .missingTemplate, "no version in the default locale en: add no-default-locale/en/"),
    .init("empty-subject/en/subject.mustache", 1, 1, .missingPart, "the subject is empty"),
    .init("not-utf8/en/body.txt.mustache", 1, 1, .unreadableFile, "is not UTF-8 text"),
    .init("file-outside-locale/notes.txt", 1, 1, .unknownFile, "template files go in a locale folder"),
    .init("Upper Case", 1, 1, .unknownFile, "template names use lower-case letters, digits, '-' and '_' only"),
]

/// Tests/TemplatesTests/MalformedLayout: a `_layout` with every required piece missing.
let malformedLayoutCases: [MalformedCase] = [
    .init("_layout/layout.html.mustache", 1, 1, .missingPart, "the layout needs {{>content}} where each message's body goes"),
    .init("_layout/layout.html.mustache", 1, 1, .missingPart, "<html dir=\"{{dir}}\" lang=\"{{lang}}\">"),
    .init("_layout/layout.html.mustache", 1, 1, .missingPart, "{{>footer}}, which shows the unsubscribe link"),
    .init("_layout/fa/footer.html.mustache", 1, 1, .missingPart, "the footer needs {{shop.address}}"),
    .init("_layout/fa/footer.txt.mustache", 1, 1, .missingPart, "the footer needs {{shop.address}}"),
    .init("_layout/fa/nested", 1, 1, .unknownFile, "folders inside a locale folder of _layout are not read"),
    .init("_layout/persian", 1, 1, .invalidLocale, "'persian' is not a locale"),
    .init("_layout/stray.txt", 1, 1, .unknownFile, "unknown file in _layout"),
    .init("hello/en/subject.mustache", 1, 1, .missingLayout, "no footer.txt.mustache for en: looked in _layout/en/, _layout/"),
    .init("notes.txt", 1, 1, .unknownFile, "only folders (one per template) and README files"),
]

@Suite struct MalformedTemplateTests {
    static let malformed = TemplateLibrary.load(directory: Fixtures.folder("Malformed"))
    static let malformedLayout = TemplateLibrary.load(directory: Fixtures.folder("MalformedLayout"))

    @Test(arguments: malformedCases)
    func malformedTemplateIsReportedAtItsPlace(_ expected: MalformedCase) {
        Self.expectReported(expected, in: Self.malformed, folder: "Malformed")
    }

    @Test(arguments: malformedLayoutCases)
    func malformedLayoutIsReportedAtItsPlace(_ expected: MalformedCase) {
        Self.expectReported(expected, in: Self.malformedLayout, folder: "MalformedLayout")
    }

    /// Each mistake gives its own problems and nothing else: no problem goes unlisted above.
    @Test func noOtherProblemsAreReported() {
        // The three layout messages are one problem listing three missing pieces.
        #expect(Self.malformed.problems.count == malformedCases.count)
        #expect(Self.malformedLayout.problems.count == malformedLayoutCases.count - 2)
    }

    @Test func problemsReadAsFileLineColumnMessage() throws {
        let problem = try #require(Self.malformed.problems.first { $0.code == .unknownVariable })
        let folder = Fixtures.folder("Malformed")
        #expect(problem.description
            == "\(folder)/unknown-dotted/en/body.html.mustache:1:17: unknown variable 'coupon.cod' (did you mean coupon.code?)")
    }

    @Test func aTemplateWithProblemsRefusesToRender() {
        #expect(throws: TemplateError.self) {
            try Self.malformed.render("unknown-variable", locale: "en", context: Fixtures.context())
        }
        let error = #expect(throws: TemplateError.self) {
            try Self.malformedLayout.render("hello", locale: "en", context: Fixtures.context())
        }
        #expect(error?.code == .invalidTemplate)
    }

    @Test func aMissingFolderIsOneProblem() {
        let library = TemplateLibrary.load(directory: Fixtures.folder("NoSuchFolder"))
        #expect(library.problems.map(\.code) == [.unreadableFile])
        #expect(library.problems.first?.message == "the templates folder does not exist")
    }

    static func expectReported(_ expected: MalformedCase, in library: TemplateLibrary, folder: String) {
        let file = Fixtures.folder(folder) + "/" + expected.file
        let atPlace = library.problems.filter { $0.file == file && $0.line == expected.line && $0.column == expected.column }
        #expect(atPlace.contains { $0.message.contains(expected.fragment) && $0.code == expected.code },
                "at \(expected.file):\(expected.line):\(expected.column) found: \(atPlace.map(\.message)); all: \(library.problems.filter { $0.file.hasPrefix(Fixtures.folder(folder) + "/" + expected.file.prefix { $0 != "/" }) })")
    }
}
