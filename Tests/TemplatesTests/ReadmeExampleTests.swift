import Foundation
import Testing
@testable import Templates

/// The worked example of templates/README.md renders as the README says.
@Test func theReadmesWorkedExampleRendersAsDocumented() throws {
    var files = Fixtures.minimalLayout
    files.merge(Fixtures.template(
        "tenth-order", "en",
        subject: "Thank you for {{orders_count}} orders{{#first_name}}, {{first_name}}{{/first_name}}!\n",
        html: """
            <h1>Thank you{{#first_name}}, {{first_name}}{{/first_name}}!</h1>
            <p>You have placed {{orders_count}} orders with {{shop.name}}, {{total_spent}} in all.</p>
            {{#coupon}}
            <p>Here is {{coupon.percent}}% off your next one: <strong>{{coupon.code}}</strong>, until {{coupon.valid_until}}.</p>
            {{/coupon}}

            """,
        text: """
            Thank you{{#first_name}}, {{first_name}}{{/first_name}}!

            You have placed {{orders_count}} orders with {{shop.name}}, {{total_spent}} in all.
            {{#coupon}}

            Here is {{coupon.percent}}% off your next one: {{coupon.code}}, until {{coupon.valid_until}}.
            {{/coupon}}

            """)) { $1 }
    files.merge(Fixtures.template(
        "tenth-order", "fa",
        subject: "سپاس برای {{orders_count}} سفارش{{#first_name}}، {{first_name}} عزیز{{/first_name}}!\n",
        html: "<p>تا امروز {{orders_count}} سفارش به {{shop.name}} سپرده‌اید، در مجموع {{total_spent}}.</p>\n",
        text: """
            سپاسگزاریم{{#first_name}}، {{first_name}} عزیز{{/first_name}}!

            تا امروز {{orders_count}} سفارش به {{shop.name}} سپرده‌اید، در مجموع {{total_spent}}.

            """)) { $1 }
    let folder = try Fixtures.temporaryFolder(files)
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let library = TemplateLibrary.load(directory: folder)
    #expect(library.problems == [])

    let persian = try library.render(
        "tenth-order", locale: "fa-IR", context: Fixtures.context(ordersCount: 10, totalSpent: 1_250_000))
    #expect(persian.text.contains("تا امروز ۱۰ سفارش به Sahab Shop سپرده‌اید، در مجموع ۱٬۲۵۰٬۰۰۰ ریال."))
    #expect(persian.html.hasPrefix("<html dir=\"rtl\" lang=\"fa\">"))
    let german = try library.render(
        "tenth-order", locale: "de-DE",
        context: Fixtures.context(locale: "de-DE", calendar: .gregorian, ordersCount: 10, totalSpent: 1_250, currency: "EUR"))
    #expect(german.subject == "Thank you for 10 orders, Maryam!")
    #expect(german.text.contains("You have placed 10 orders with Sahab Shop, 1,250.00 EUR in all."))
    #expect(german.text.contains("Here is 20% off your next one: BDAY-7K2Q9M, until 7 December 2026."))
}
