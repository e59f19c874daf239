import Calendars
import Foundation
import Templates
import Testing

@testable import Web

/// The unsubscribe page's texts (`templates/_unsubscribe/<locale>.yaml`): the shipped ones load
/// cleanly and render in each language; every mistake is named at its file, line and column.
@Suite("Unsubscribe page texts")
struct UnsubscribePagesTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    let en = TemplateLocale("en")!

    @Test("the shipped texts load without a problem, in English, Persian and Arabic")
    func shippedTexts() {
        let pages = UnsubscribePages.load(templatesDirectory: Self.repository.appendingPathComponent("templates").path, defaultLocale: en)
        #expect(pages.problems.isEmpty, "\(pages.problems)")
        #expect(Set(pages.texts.keys.map(\.description)) == ["en", "fa", "ar"])
        #expect(pages.texts(for: "fa-IR").locale.description == "fa")
        #expect(pages.texts(for: "ar-SA").texts.button == "إلغاء الاشتراك")
        #expect(pages.texts(for: "de-DE").locale == en)
        #expect(pages.texts(for: nil).locale == en)
        #expect(pages.texts(for: "not a locale").locale == en)
    }

    @Test("Persian and Arabic pages are right to left with local digits; English is left to right", arguments: [
        ("fa-IR", CalendarSystem.persian, #"<html lang="fa" dir="rtl">"#, "۱۱ آذر ۱۴۰۵"),
        ("ar-SA", .islamicUmmAlQura, #"<html lang="ar" dir="rtl">"#, "٢٢ جمادى الآخرة ١٤٤٨"),
        ("ar-MA", .gregorian, #"<html lang="ar" dir="rtl">"#, "2 "),
        ("en-US", .gregorian, #"<html lang="en">"#, "2 December 2026"),
    ])
    func rendering(locale: String, calendar: CalendarSystem, htmlTag: String, date: String) throws {
        let pages = UnsubscribePages.load(templatesDirectory: Self.repository.appendingPathComponent("templates").path, defaultLocale: en)
        let page = UnsubscribePage(
            pages: pages, customerLocale: locale, shop: .init(name: "Sahab <Shop>", address: "", url: ""), email: "sara@example.com", campaign: "Birthday",
            today: try LocalDate(parsing: "2026-12-02"), calendar: calendar)
        let ask = page.html(.ask(action: "https://shop.example/keepsake/u/TOKEN"))
        #expect(ask.contains(htmlTag), "\(ask.prefix(200))")
        #expect(ask.contains(#"<form method="post" action="https://shop.example/keepsake/u/TOKEN">"#))
        #expect(ask.contains(#"<input type="hidden" name="List-Unsubscribe" value="One-Click">"#))
        #expect(ask.contains("<bdi>s***@example.com</bdi>") && !ask.contains("sara@"))
        #expect(ask.contains("Sahab &lt;Shop&gt;") && !ask.contains("<Shop>"), "the shop's name is not escaped")
        let done = page.html(.done)
        #expect(done.contains(date), "\(done)")
        #expect(!done.contains("<form"))
    }

    @Test("a missing folder or default locale is a warning, and Keepsake's English is shown")
    func missingTexts() throws {
        let folder = try Self.folder([:])
        let none = UnsubscribePages.load(templatesDirectory: folder.path, defaultLocale: en)
        #expect(none.problems.count == 1 && none.problems[0].isWarning, "\(none.problems)")
        #expect(none.problems[0].description.hasPrefix("\(folder.path)/_unsubscribe:1:1: warning: missing"))
        #expect(none.texts(for: "fa").texts == UnsubscribePages.builtIn)

        let persianOnly = try Self.folder(["fa.yaml": "title: t\nquestion: q\nbutton: b\ndone: d\n"])
        let pages = UnsubscribePages.load(templatesDirectory: persianOnly.path, defaultLocale: en)
        #expect(pages.problems.map(\.isWarning) == [true], "\(pages.problems)")
        #expect(pages.texts(for: "fa").texts.title == "t")
        #expect(pages.texts(for: "en").texts == UnsubscribePages.builtIn)
    }

    @Test("each mistake is named at its file, line and column", arguments: [
        ("en.yaml", "title: Unsubscribe\nquestoin: Stop {shop}?\nbutton: b\ndone: d\n",
         ["en.yaml:2:1: questoin: unknown key (did you mean question?)", "en.yaml:1:1: question: missing; add question"]),
        ("en.yaml", "title: Unsubscribe\nquestion: Stop mail from {shp} to {email}?\nbutton: b\ndone: d {date\n",
         ["en.yaml:2:26: question: unknown placeholder {shp} (did you mean {shop}?)", "en.yaml:4:9: done: a lone \"{\""]),
        ("en.yaml", "title: \"Unsub {nope}\"\nquestion: q\nbutton: b\ndone: d }\n",
         ["en.yaml:1:15: title: unknown placeholder {nope}", "en.yaml:4:9: done: a lone \"}\""]),
        ("en.yaml", "title: [a, b]\nquestion: q\nbutton:\ndone: d\n", ["en.yaml:1:8: title: ", "en.yaml:3:1: button: a value is required"]),
        ("en.yaml", "title: t\nquestion: q\n  bad: indentation\n", ["en.yaml:3:"]),
        ("farsi.yaml", "title: t\n", ["farsi.yaml:1:1: _unsubscribe holds one LOCALE.yaml per language"]),
        ("fa_IR.yaml", "title: t\n", ["fa_IR.yaml:1:1: _unsubscribe holds one LOCALE.yaml per language, such as en.yaml, fa.yaml or fa-IR.yaml (write it as fa-IR.yaml)"]),
        ("en.txt", "title: t\n", ["en.txt:1:1: _unsubscribe holds one LOCALE.yaml"]),
    ])
    func mistakes(file: String, contents: String, expected: [String]) throws {
        let folder = try Self.folder([file: contents])
        let pages = UnsubscribePages.load(templatesDirectory: folder.path, defaultLocale: en)
        let errors = pages.problems.filter { !$0.isWarning }.map(\.description)
        let prefix = folder.path + "/_unsubscribe/"
        for line in expected {
            #expect(errors.contains { $0.hasPrefix(prefix + line) }, "expected \(line) in \(errors)")
        }
        #expect(errors.count == expected.count, "\(errors)")
        #expect(pages.texts.isEmpty)
    }

    @Test("a file that is not UTF-8 is refused")
    func notUTF8() throws {
        let folder = try Self.folder([:])
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("_unsubscribe"), withIntermediateDirectories: true)
        try Data([0x74, 0x69, 0x74, 0x6C, 0x65, 0x3A, 0x20, 0xFF, 0xFE]).write(to: folder.appendingPathComponent("_unsubscribe/en.yaml"))
        let pages = UnsubscribePages.load(templatesDirectory: folder.path, defaultLocale: en)
        #expect(pages.problems.map(\.description) == ["\(folder.path)/_unsubscribe/en.yaml:1:1: is not UTF-8 text: save it as UTF-8"])
    }

    @Test("placeholders are filled in one pass: a shop named {email} stays as written")
    func onePassFill() throws {
        let pages = UnsubscribePages(texts: [en: .init(title: "{shop}", question: "{shop} {email}", button: "b", done: "d")], defaultLocale: en)
        let page = UnsubscribePage(
            pages: pages, customerLocale: "en", shop: .init(name: "{email}", address: "", url: ""), email: "a@b.c", campaign: "c",
            today: try LocalDate(parsing: "2026-12-02"), calendar: .gregorian)
        #expect(page.fill("{shop} {email}") { $0 } == "{email} a***@b.c")
    }

    @Test("{shop} is the shop's name in the page's language (shop.locales), else its own")
    func shopNamePerLocale() throws {
        let pages = UnsubscribePages.load(templatesDirectory: Self.repository.appendingPathComponent("templates").path, defaultLocale: en)
        let shop = RenderContext.Shop(
            name: "Sahab Shop", address: "", url: "", translations: ["fa": .init(name: "فروشگاه سحاب"), "ar": .init(address: "الرياض")])
        for (locale, name) in [("fa-IR", "فروشگاه سحاب"), ("ar-SA", "Sahab Shop"), ("de-DE", "Sahab Shop"), ("en", "Sahab Shop")] {
            let page = UnsubscribePage(
                pages: pages, customerLocale: locale, shop: shop, email: "sara@example.com", campaign: "Birthday",
                today: try LocalDate(parsing: "2026-12-02"), calendar: .gregorian)
            #expect(page.fill("{shop}") { $0 } == name, "\(locale)")
        }
    }

    /// A templates folder with these files in `_unsubscribe/` (none: no such folder).
    static func folder(_ files: [String: String]) throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("keepsake-pages-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        if !files.isEmpty {
            let pages = folder.appendingPathComponent("_unsubscribe")
            try FileManager.default.createDirectory(at: pages, withIntermediateDirectories: true)
            for (name, contents) in files {
                try contents.write(to: pages.appendingPathComponent(name), atomically: true, encoding: .utf8)
            }
        }
        return folder
    }
}
