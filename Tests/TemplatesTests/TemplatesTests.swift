import Calendars
import Foundation
import Testing
@testable import Templates

/// Paths and values shared by the Templates tests.
enum Fixtures {
    /// This file's folder: Tests/TemplatesTests.
    static let testsFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    /// The repository's sample templates.
    static let samples = testsFolder.deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("templates").path

    /// A fixture folder under Tests/TemplatesTests.
    static func folder(_ name: String) -> String {
        testsFolder.appendingPathComponent(name).path
    }

    static let shop = RenderContext.Shop(
        name: "Sahab Shop", address: "No. 12, Vali-e Asr St, Tehran 1591634311, Iran", url: "https://shop.example")

    /// A context for a customer; the coupon ends on 2026-12-07.
    static func context(
        firstName: String? = "Maryam", locale: String? = "fa-IR", calendar: CalendarSystem = .persian,
        birthday: CalendarDate? = nil, ordersCount: Int = 7, totalSpent: Decimal = 120_000, currency: String? = "IRR",
        today: LocalDate? = nil, occasion: LocalDate? = nil
    ) -> RenderContext {
        RenderContext(
            customer: .init(
                email: "maryam@example.net", firstName: firstName, lastName: "Karimi", locale: locale, country: "IR",
                calendar: calendar, birthday: birthday, ordersCount: ordersCount, totalSpent: totalSpent,
                currency: currency, tags: ["vip", "newsletter"], attributes: ["city": "Shiraz"]),
            campaign: .init(id: "birthday", name: "Birthday surprise"), segment: "vip", years: 3,
            coupon: .init(code: "BDAY-7K2Q9M", percent: 20, validUntil: try! LocalDate(year: 2026, month: 12, day: 7)),
            unsubscribeURL: "https://shop.example/u/abc?x=1&y=2", shop: shop, today: today,
            occasion: occasion)
    }
}

extension Fixtures {
    /// A complete, valid `_layout` that marks where each piece lands.
    static let minimalLayout = [
        "_layout/layout.html.mustache":
            "<html dir=\"{{dir}}\" lang=\"{{lang}}\">\n<body>\n{{>header}}\n{{>content}}\n{{>footer}}\n</body>\n</html>\n",
        "_layout/header.html.mustache": "<p>{{shop.name}}</p>\n",
        "_layout/footer.html.mustache": "<p><a href=\"{{unsubscribe_url}}\">Unsubscribe</a> · {{shop.address}}</p>\n",
        "_layout/footer.txt.mustache": "Unsubscribe: {{unsubscribe_url}}\n{{shop.address}}\n",
    ]

    /// A templates folder in a new temporary directory, written from paths and contents; the
    /// caller removes it.
    static func temporaryFolder(_ files: [String: String]) throws -> String {
        let root = FileManager.default.temporaryDirectory
            .appendingPathComponent("keepsake-templates-\(UUID().uuidString)")
        for (path, content) in files {
            let url = root.appendingPathComponent(path)
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try content.write(to: url, atomically: true, encoding: .utf8)
        }
        return root.path
    }

    /// One template's three parts in a locale.
    static func template(_ name: String, _ locale: String, subject: String, html: String, text: String) -> [String: String] {
        ["\(name)/\(locale)/subject.mustache": subject, "\(name)/\(locale)/body.html.mustache": html,
         "\(name)/\(locale)/body.txt.mustache": text]
    }
}
