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
}
