import Calendars
import Mustache

extension RenderContext {
    /// The values swift-mustache renders, named as in ``TemplateVariables/root``: customer text
    /// without surrounding spaces and line breaks, numbers, money and dates written by
    /// `formatter`, blank text left out. Every value is a
    /// plain String, list or dictionary: none is a lambda, so no customer value is ever parsed as
    /// template syntax. Each text is a ``MustacheText``, which swift-mustache renders without
    /// the dynamic casts a plain `String` goes through.
    ///
    /// With `names` (top-level names, ``TemplateVariables/roots(of:)``), only those values are
    /// built: a subject that reads `first_name` and `shop` gets those two, not the dates, money and
    /// lists it never shows. A value left out renders as it would when absent, so `names` must
    /// hold every top-level name the template reads.
    func mustacheValues(
        formatter: LocaleFormatter, direction: String, language: String, reading names: Set<String>? = nil
    ) -> [String: Any] {
        var values: [String: Any] = [:]
        func wants(_ key: String) -> Bool { names?.contains(key) ?? true }
        func put(_ key: String, _ value: @autoclosure () -> String?) {
            guard wants(key) else { return }
            if let value = value()?.trimmingSpaces, !value.isEmpty { values[key] = MustacheText(String(value)) }
        }
        put("first_name", customer.firstName)
        put("last_name", customer.lastName)
        put("email", customer.email)
        put("locale", customer.locale)
        put("country", customer.country)
        put("calendar", customer.calendar.rawValue)
        put("birthday", customer.birthday.map(formatter.date))
        put("orders_count", formatter.number(customer.ordersCount))
        put("currency", customer.currency)
        if let currency = customer.currency {
            put("total_spent", formatter.money(customer.totalSpent, currency: currency))
        } else {
            put("total_spent", formatter.number(customer.totalSpent, fractionDigits: 2))
        }
        if wants("tags") {
            let tags = customer.tags.filter { !$0.trimmingSpaces.isEmpty }
            if !tags.isEmpty { values["tags"] = tags.map(MustacheText.init) }
        }
        if wants("attributes") {
            values["attributes"] = customer.attributes.filter { !$0.value.trimmingSpaces.isEmpty }.mapValues(MustacheText.init)
        }
        if wants("campaign") {
            values["campaign"] = ["id": MustacheText(campaign.id), "name": MustacheText(campaign.name)]
        }
        put("segment", segment)
        put("years", years.map(formatter.number))
        put("age", age.map(formatter.number))
        if let coupon, wants("coupon") {
            var couponValues: [String: Any] = [
                "code": MustacheText(coupon.code), "percent": MustacheText(formatter.number(coupon.percent)),
            ]
            if let validUntil = coupon.validUntil {
                couponValues["valid_until"] = MustacheText(formatter.date(validUntil, in: customer.calendar))
            }
            values["coupon"] = couponValues
        }
        put("unsubscribe_url", unsubscribeURL)
        if wants("shop") { values["shop"] = Self.shopValues(shop) }
        put("today", today.map { formatter.date($0, in: customer.calendar) })
        put("occasion", occasion.map { formatter.date($0, in: customer.calendar) })
        if wants("dir") { values["dir"] = MustacheText(direction) }
        if wants("lang") { values["lang"] = MustacheText(language) }
        return values
    }

    /// The top-level names whose values one localized template fixes for all its messages: the
    /// shop as its locale shows it, the text direction and the language.
    static let templateWideNames: Set<String> = ["shop", "dir", "lang"]

    /// The values of ``templateWideNames`` for a template in `locale` showing `shop`, as
    /// ``mustacheValues(formatter:direction:language:reading:)`` builds them.
    static func templateWideValues(shop: Shop, locale: TemplateLocale) -> [String: Any] {
        ["shop": shopValues(shop), "dir": MustacheText(locale.direction), "lang": MustacheText(locale.description)]
    }

    /// `shop.name`, `shop.address` and `shop.url`, blank ones left out.
    private static func shopValues(_ shop: Shop) -> [String: Any] {
        var shopValues: [String: Any] = [:]
        for (key, value) in [("name", shop.name), ("address", shop.address), ("url", shop.url)]
        where !value.trimmingSpaces.isEmpty {
            shopValues[key] = MustacheText(value)
        }
        return shopValues
    }
}

/// A text value as swift-mustache renders it: `{{name}}` writes it (escaped in HTML), a section
/// `{{#name}}` shows its content, an inverted one `{{^name}}` hides it — as a `String` would,
/// but found by the renderer's first cast instead of after several failed ones.
///
/// It is also a parent without children: inside `{{#name}}…{{/name}}` it tops the context stack,
/// and every lookup passing it would otherwise reflect on it with `Mirror`.
struct MustacheText: MustacheCustomRenderable, MustacheParent, Sendable {
    /// The text written for `{{name}}`.
    let renderText: String
    /// Never null: blank values are left out of the context instead.
    var isNull: Bool { false }

    /// A text has no fields: `{{name.anything}}` is empty, and lookups go on down the stack.
    func child(named: String) -> Any? { nil }

    init(_ text: String) {
        renderText = text
    }
}
