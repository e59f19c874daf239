import Calendars
import Foundation
import Testing
@testable import Templates

/// A listing renders subjects alone, building only the variables the subject reads
/// (``LocalizedTemplate/subjectVariables``): the subject must come out as the whole message's does.
@Suite struct SubjectVariablesTests {
    /// A subject reading every variable Keepsake provides, each as a value, the tags as a list,
    /// an attribute, and top-level names inside a group's section.
    static let everyVariable: String = {
        let values = TemplateVariables.allNames.filter {
            !$0.contains(".NAME") && TemplateVariables.resolve($0, in: [TemplateVariables.root]) == .value
        }
        return values.map { "\($0)={{\($0)}}" }.joined(separator: " ")
            + " tags={{#tags}}{{.}},{{/tags}} city={{attributes.city}} {{#coupon}}{{code}} {{email}}{{/coupon}}"
    }()

    static func library(subject: String) throws -> (library: TemplateLibrary, folder: String) {
        var files = Fixtures.minimalLayout
        for locale in ["en", "fa", "ar"] {
            files.merge(Fixtures.template("every", locale, subject: subject, html: "<p>Hi</p>", text: "Hi")) { $1 }
        }
        let folder = try Fixtures.temporaryFolder(files)
        return (TemplateLibrary.load(directory: folder), folder)
    }

    @Test func theSubjectsVariablesAreTheTopLevelNamesItReads() throws {
        let (library, folder) = try Self.library(
            subject: "{{#first_name}}{{first_name}}, {{/first_name}}{{shop.name}}{{#coupon}} {{code}}{{/coupon}}")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        #expect(library.problems == [])
        let template = try library.localized("every", locale: "fa-IR", shop: Fixtures.shop)
        #expect(template.subjectVariables == ["first_name", "shop", "coupon"])
        let nowruz = try TemplateLibrary.load(directory: Fixtures.samples).localized("nowruz", locale: "ar", shop: Fixtures.shop)
        #expect(nowruz.subjectVariables == ["shop"])
    }

    @Test(arguments: ["fa-IR", "ar-SA", "en-US", "de", nil])
    func aSubjectReadingEveryVariableGetsThemAll(_ locale: String?) throws {
        let (library, folder) = try Self.library(subject: Self.everyVariable)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        #expect(library.problems == [])
        var context = Fixtures.context(
            birthday: try CalendarDate(parsing: "1370-05-12", in: .persian), today: RenderingTests.november23,
            occasion: RenderingTests.november23)
        context.age = 35
        let template = try library.localized("every", locale: locale, shop: Fixtures.shop)
        let listed = try library.render(template, context: context, subjectOnly: true)
        let whole = try library.render("every", locale: locale, context: context)
        #expect(listed.subject == whole.subject)
        for written in ["first_name=Maryam", "email=maryam@example.net", "coupon.code=BDAY-7K2Q9M", "segment=vip",
                        "shop.url=https://shop.example", "tags=vip,newsletter,", "city=Shiraz", "BDAY-7K2Q9M maryam@example.net"] {
            #expect(listed.subject.contains(written), "\(written) in \(listed.subject)")
        }
        // Every value is present, so none is written as an empty `name=`.
        #expect(!(listed.subject + " ").contains("= "), "a value left blank in \(listed.subject)")
    }

    /// A subject reading only the shop (Nowruz's) is rendered once per localized template and
    /// listed as the whole message's subject; one reading a customer's name is not fixed.
    @Test(arguments: ["fa-IR", "ar", "en-US"])
    func aSubjectReadingOnlyTheShopIsRenderedOnce(_ locale: String) throws {
        let library = TemplateLibrary.load(directory: Fixtures.samples)
        let nowruz = try library.localized("nowruz", locale: locale, shop: Fixtures.shop)
        let context = Fixtures.context(today: RenderingTests.november23, occasion: RenderingTests.november23)
        let whole = try library.render("nowruz", locale: locale, context: context)
        #expect(nowruz.fixedSubject == whole.subject)
        #expect(try library.render(nowruz, context: context, subjectOnly: true) == nowruz.listing)
        #expect(nowruz.listing?.subject == whole.subject)
        #expect(try library.localized("birthday", locale: locale, shop: Fixtures.shop).fixedSubject == nil)
    }

    /// Subjects the quick check keeps as they are, and ones it hands to the character-by-character
    /// way (spaces at the ends or doubled, a space a combining mark joins, white space and
    /// controls outside ASCII): both give what the long way gives.
    @Test func oneLineKeepsOnlyTextThatIsAlreadyOneLine() {
        for kept in ["Happy Nowruz from Sahab Shop", "a", "", "x\u{301} y"] {
            #expect(TemplateLibrary.isOneLine(kept), "\(kept)")
            #expect(TemplateLibrary.oneLine(kept) == kept)
        }
        // A non-ASCII scalar after a space takes the long way (it might join the space), and keeps the text.
        let persian = "نوروزتان پیروز! با مهر از فروشگاه سحاب"
        #expect(!TemplateLibrary.isOneLine(persian))
        #expect(TemplateLibrary.oneLine(persian) == persian)
        let changed: [(String, String)] = [
            (" a", "a"), ("a ", "a"), ("a  b", "a b"), ("a\u{A0}b", "a b"), ("a\u{2028}b", "a b"), ("a\u{85}b", "a b"),
            ("سلام\u{3000}دنیا", "سلام دنیا"), ("a \u{301}b", "a b"), ("a\tb", "a b"), ("a\r\nb", "a b"),
        ]
        for (text, line) in changed {
            #expect(!TemplateLibrary.isOneLine(text), "\(text)")
            #expect(TemplateLibrary.oneLine(text) == line, "\(text)")
        }
    }
}
