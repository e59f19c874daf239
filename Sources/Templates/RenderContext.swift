import Calendars
import Foundation

/// Everything one message's templates can show, as plain values. The planner builds one per
/// delivery from the customer's record, the campaign, the matched segment and the coupon.
///
/// Templates see these as the variables listed in templates/README.md; dates, numbers and money
/// reach them already written in the message's locale (see ``LocaleFormatter``).
public struct RenderContext: Sendable {
    /// The customer the message is for.
    public struct Customer: Sendable {
        /// `email`.
        public var email: String
        /// `first_name`; nil or blank leaves it out, so `{{^first_name}}` can greet without it.
        public var firstName: String?
        /// `last_name`.
        public var lastName: String?
        /// `locale`: the customer's BCP 47 tag, such as `fa-IR`; it chooses the template's locale.
        public var locale: String?
        /// `country`: ISO 3166-1 alpha-2, such as `IR`.
        public var country: String?
        /// `calendar`: the customer's calendar; dates are written in it.
        public var calendar: CalendarSystem
        /// `birthday`, written in its own calendar, without the year when unknown.
        public var birthday: CalendarDate?
        /// `orders_count`, written with the locale's digits.
        public var ordersCount: Int
        /// `total_spent`, written as money in `currency`.
        public var totalSpent: Decimal
        /// `currency`: ISO 4217, such as `IRR`.
        public var currency: String?
        /// `tags`: a list for `{{#tags}}{{.}}{{/tags}}`.
        public var tags: [String]
        /// `attributes.NAME`: the import's other columns, by name.
        public var attributes: [String: String]

        /// A customer; only the address is required.
        public init(
            email: String, firstName: String? = nil, lastName: String? = nil, locale: String? = nil,
            country: String? = nil, calendar: CalendarSystem = .gregorian, birthday: CalendarDate? = nil,
            ordersCount: Int = 0, totalSpent: Decimal = 0, currency: String? = nil,
            tags: [String] = [], attributes: [String: String] = [:]
        ) {
            self.email = email
            self.firstName = firstName
            self.lastName = lastName
            self.locale = locale
            self.country = country
            self.calendar = calendar
            self.birthday = birthday
            self.ordersCount = ordersCount
            self.totalSpent = totalSpent
            self.currency = currency
            self.tags = tags
            self.attributes = attributes
        }
    }

    /// `campaign.id` and `campaign.name`.
    public struct Campaign: Sendable {
        /// `campaign.id`, such as `birthday`.
        public var id: String
        /// `campaign.name`, such as `Birthday surprise`.
        public var name: String

        /// A campaign's id and name.
        public init(id: String, name: String) {
            self.id = id
            self.name = name
        }
    }

    /// `coupon.code`, `coupon.percent` and `coupon.valid_until`.
    public struct Coupon: Sendable {
        /// `coupon.code`, such as `BDAY-7KQ2M9XDF3`.
        public var code: String
        /// `coupon.percent`, written with the locale's digits.
        public var percent: Int
        /// `coupon.valid_until`: the last day it can be used, written in the customer's calendar.
        public var validUntil: LocalDate?

        /// A coupon.
        public init(code: String, percent: Int, validUntil: LocalDate? = nil) {
            self.code = code
            self.percent = percent
            self.validUntil = validUntil
        }
    }

    /// `shop.name`, `shop.address` and `shop.url`.
    public struct Shop: Sendable {
        /// `shop.name`, such as `Sahab Shop`.
        public var name: String
        /// `shop.address`: the postal address the footer must show.
        public var address: String
        /// `shop.url`: the shop's home page.
        public var url: String
        /// The name, address and url in other locales, by locale tag (`fa`, `fa-IR`): a message
        /// shows the entry of its locale, else of its language, else the values above, field by field.
        public var translations: [String: Translation]

        /// One locale's name, address and url; a field left nil falls back.
        public struct Translation: Sendable {
            public var name: String?
            public var address: String?
            public var url: String?

            /// A locale's fields.
            public init(name: String? = nil, address: String? = nil, url: String? = nil) {
                self.name = name
                self.address = address
                self.url = url
            }
        }

        /// A shop.
        public init(name: String, address: String, url: String, translations: [String: Translation] = [:]) {
            self.name = name
            self.address = address
            self.url = url
            self.translations = translations
        }

        /// The shop as a text in `used` for a customer in `requested` shows it: each field from
        /// the translation of `requested` or its language (when that is `used`'s language), of
        /// `used` or its language, else the shop's own.
        public func localized(in used: TemplateLocale, for requested: TemplateLocale?) -> Shop {
            let sameLanguage = requested.map { $0.language == used.language } ?? false
            let customer = sameLanguage ? requested.map { [$0, $0.languageOnly] } ?? [] : []
            return localized(for: customer + [used, used.languageOnly])
        }

        private func localized(for locales: [TemplateLocale]) -> Shop {
            let entries = locales.compactMap { locale in
                translations.first { TemplateLocale($0.key) == locale }?.value
            }
            return Shop(
                name: entries.lazy.compactMap(\.name).first ?? name,
                address: entries.lazy.compactMap(\.address).first ?? address,
                url: entries.lazy.compactMap(\.url).first ?? url)
        }
    }

    /// The customer.
    public var customer: Customer
    /// The campaign.
    public var campaign: Campaign
    /// `segment`: the name of the segment that matched, such as `vip`.
    public var segment: String?
    /// `years`: for anniversaries, the years since the first order, counted to ``occasion``.
    public var years: Int?
    /// `age`: the customer's age on ``occasion`` (the age they turn on a birthday), when the
    /// birth year is known.
    public var age: Int?
    /// The coupon, when the campaign gives one.
    public var coupon: Coupon?
    /// `unsubscribe_url`: the customer's one-click unsubscribe link.
    public var unsubscribeURL: String
    /// The shop.
    public var shop: Shop
    /// `today`: the local day the message is sent, written in the customer's calendar.
    public var today: LocalDate?
    /// `occasion`: the date the message is about, written in the customer's calendar: that year's
    /// birthday or anniversary, the holiday, or the order an `after` campaign follows. It differs
    /// from ``today`` when the message goes out early (`days_before`) or late (held back by the
    /// daily cap or a blackout).
    public var occasion: LocalDate?

    /// A context for one message.
    public init(
        customer: Customer, campaign: Campaign, segment: String? = nil, years: Int? = nil, age: Int? = nil,
        coupon: Coupon? = nil, unsubscribeURL: String, shop: Shop, today: LocalDate? = nil, occasion: LocalDate? = nil
    ) {
        self.customer = customer
        self.campaign = campaign
        self.segment = segment
        self.years = years
        self.age = age
        self.coupon = coupon
        self.unsubscribeURL = unsubscribeURL
        self.shop = shop
        self.today = today
        self.occasion = occasion
    }
}
