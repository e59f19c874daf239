import Calendars

extension RenderContext {
    /// The values swift-mustache renders, named as in ``TemplateVariables/root``: customer text
    /// without surrounding spaces and line breaks, numbers, money and dates written by
    /// `formatter`, blank text left out. Every value is a
    /// plain String, list or dictionary: none is a lambda, so no customer value is ever parsed as
    /// template syntax.
    func mustacheValues(formatter: LocaleFormatter, direction: String, language: String) -> [String: Any] {
        var values: [String: Any] = [:]
        func put(_ key: String, _ value: String?) {
            if let value = value?.trimmingSpaces, !value.isEmpty { values[key] = String(value) }
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
        let tags = customer.tags.filter { !$0.trimmingSpaces.isEmpty }
        if !tags.isEmpty { values["tags"] = tags }
        values["attributes"] = customer.attributes.filter { !$0.value.trimmingSpaces.isEmpty }
        values["campaign"] = ["id": campaign.id, "name": campaign.name]
        put("segment", segment)
        put("years", years.map(formatter.number))
        if let coupon {
            var couponValues: [String: Any] = ["code": coupon.code, "percent": formatter.number(coupon.percent)]
            if let validUntil = coupon.validUntil {
                couponValues["valid_until"] = formatter.date(validUntil, in: customer.calendar)
            }
            values["coupon"] = couponValues
        }
        put("unsubscribe_url", unsubscribeURL)
        var shopValues: [String: Any] = [:]
        for (key, value) in [("name", shop.name), ("address", shop.address), ("url", shop.url)]
        where !value.trimmingSpaces.isEmpty {
            shopValues[key] = value
        }
        values["shop"] = shopValues
        put("today", today.map { formatter.date($0, in: customer.calendar) })
        values["dir"] = direction
        values["lang"] = language
        return values
    }
}
