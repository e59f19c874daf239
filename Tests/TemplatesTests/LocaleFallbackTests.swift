import Foundation
import Testing
@testable import Templates

@Suite struct LocaleFallbackTests {
    @Test func localeTagsAreReadInAnyCaseAndWithUnderscores() {
        #expect(TemplateLocale("fa_ir")?.description == "fa-IR")
        #expect(TemplateLocale("EN-us")?.description == "en-US")
        #expect(TemplateLocale("zh-hant-tw")?.description == "zh-Hant-TW")
        #expect(TemplateLocale("es-419")?.description == "es-419")
        #expect(TemplateLocale(" ar ")?.description == "ar")
        for invalid in ["", "f", "farsi", "fa-I", "fa-1", "12", "fa--IR", "ف"] {
            #expect(TemplateLocale(invalid) == nil, "\(invalid)")
        }
    }

    @Test func theChainGoesFromTheLocaleToItsLanguageToTheDefault() {
        let english = TemplateLocale("en")!
        #expect(TemplateLocale("fa-IR")!.fallbacks(defaultLocale: english).map(\.description) == ["fa-IR", "fa", "en"])
        #expect(TemplateLocale("fa")!.fallbacks(defaultLocale: english).map(\.description) == ["fa", "en"])
        #expect(TemplateLocale("en-GB")!.fallbacks(defaultLocale: english).map(\.description) == ["en-GB", "en"])
        #expect(TemplateLocale("de-AT")!.fallbacks(defaultLocale: TemplateLocale("fa-IR")!).map(\.description)
            == ["de-AT", "de", "fa-IR", "fa"])
    }

    /// `fa-IR` has its own version; `fa-AF` falls back to `fa`; German to the caller's default.
    @Test func renderingPicksTheMostSpecificVersion() throws {
        var files = Fixtures.minimalLayout
        for (locale, word) in [("fa-IR", "ایران"), ("fa", "فارسی"), ("en", "English"), ("ar", "عربي")] {
            files.merge(Fixtures.template("hello", locale, subject: word, html: "<p>\(word)</p>", text: word)) { $1 }
        }
        let folder = try Fixtures.temporaryFolder(files)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let library = TemplateLibrary.load(directory: folder)
        #expect(library.problems == [])
        let expectations: [(String?, String, String)] = [
            ("fa-IR", "fa-IR", "ایران"), ("fa_IR", "fa-IR", "ایران"), ("fa-AF", "fa", "فارسی"), ("fa", "fa", "فارسی"),
            ("de-DE", "en", "English"), (nil, "en", "English"), ("not a locale", "en", "English"), ("ar-EG", "ar", "عربي"),
        ]
        for (requested, used, subject) in expectations {
            let message = try library.render("hello", locale: requested, context: Fixtures.context())
            #expect(message.locale.description == used, "\(requested ?? "nil")")
            #expect(message.subject == subject, "\(requested ?? "nil")")
        }
        let persianDefault = TemplateLibrary.load(directory: folder, defaultLocale: TemplateLocale("fa")!)
        #expect(try persianDefault.render("hello", locale: "de", context: Fixtures.context()).subject == "فارسی")
    }

    /// The layout's files fall back the same way, each on its own: here the Persian footer comes
    /// from `_layout/fa`, the header from `_layout`.
    @Test func layoutFilesFallBackOneByOne() throws {
        var files = Fixtures.minimalLayout
        files["_layout/fa/footer.html.mustache"] = "<p>لغو اشتراک: {{unsubscribe_url}} · {{shop.address}}</p>\n"
        files["_layout/fa/footer.txt.mustache"] = "لغو اشتراک: {{unsubscribe_url}}\n{{shop.address}}\n"
        files.merge(Fixtures.template("hello", "fa-IR", subject: "سلام", html: "<p>سلام</p>", text: "سلام")) { $1 }
        files.merge(Fixtures.template("hello", "en", subject: "Hi", html: "<p>Hi</p>", text: "Hi")) { $1 }
        let folder = try Fixtures.temporaryFolder(files)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let library = TemplateLibrary.load(directory: folder)
        #expect(library.problems == [])
        let persian = try library.render("hello", locale: "fa-IR", context: Fixtures.context())
        #expect(persian.html.contains("<p>Sahab Shop</p>"))
        #expect(persian.html.contains("<p>لغو اشتراک: https://shop.example/u/abc?x=1&amp;y=2"))
        #expect(persian.text == "سلام\n\nلغو اشتراک: https://shop.example/u/abc?x=1&y=2\n\(Fixtures.shop.address)\n")
        let english = try library.render("hello", locale: "en", context: Fixtures.context(locale: "en"))
        #expect(english.text.contains("Unsubscribe: https://shop.example/u/abc?x=1&y=2"))
    }

    @Test func aTemplateWithNoVersionForTheChainCannotRender() throws {
        var files = Fixtures.minimalLayout
        files.merge(Fixtures.template("hello", "fa", subject: "سلام", html: "<p>سلام</p>", text: "سلام")) { $1 }
        let folder = try Fixtures.temporaryFolder(files)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let library = TemplateLibrary.load(directory: folder)
        #expect(library.problems.map(\.code) == [.missingTemplate])
        let error = #expect(throws: TemplateError.self) {
            try library.render("hello", locale: "de", context: Fixtures.context())
        }
        #expect(error?.code == .missingLocale)
        #expect(error?.message == "template 'hello' has no version for de, en: add \(folder)/hello/en/")
    }
}
