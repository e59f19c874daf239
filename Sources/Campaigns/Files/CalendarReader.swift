import Calendars
import Foundation
internal import StrictYAML

/// Reads `campaigns/calendar.yaml`, recording every problem rather than stopping at the first.
struct CalendarReader {
    static let keys: Set<String> = [
        "timezone", "send_window", "max_per_day", "max_per_week", "max_per_month", "min_days_between", "blackout", "from",
        "reply_to", "default_locale", "shop", "campaigns", "attribution_window", "topics",
    ]
    static let maximumPerDay = 10

    /// The calendar when every key is usable; the campaign list whenever that key is, so that the
    /// campaigns are checked even while another key of the calendar is wrong.
    struct Result {
        var calendar: CommunicationCalendar?
        var campaignFiles: [LocatedText]
        var problems: ProblemCollector
    }

    static func read(contents: String, file: String) -> Result {
        var problems = ProblemCollector()
        guard let root = problems.attempt({ try YAMLDocument(contents: contents, file: file).rootMapping() })
        else { return Result(calendar: nil, campaignFiles: [], problems: problems) }
        root.unknownKeyErrors(allowed: keys).forEach { problems.record($0) }

        let timeZone = problems.attempt { try Self.timeZone(root.required("timezone", example: "Asia/Tehran")) }
        let window = problems.attempt { try Self.sendWindow(root.required("send_window", example: "\"10:00-20:00\"")) }
        let maxPerDay = problems.attempt {
            try root.required("max_per_day", example: "1").int(in: 1...maximumPerDay)
        }
        let week = problems.attempt { try root.value(for: "max_per_week")?.int(in: SpacingRules.mailLimit) }
        let month = problems.attempt { try root.value(for: "max_per_month")?.int(in: SpacingRules.mailLimit) }
        let between = problems.attempt { try root.value(for: "min_days_between")?.int(in: SpacingRules.dayLimit) }
        let blackout = problems.attempt { try root.value(for: "blackout").map(Self.blackoutPeriods) ?? [] }
        let from = problems.attempt {
            try root.required("from", example: "\"Sahab Shop <hello@shop.example>\"").locatedString()
        }
        let replyTo = problems.attempt { try root.value(for: "reply_to")?.locatedString() }
        let locale = problems.attempt { try Self.locale(root.required("default_locale", example: "en")) }
        let shop = problems.attempt { try root.value(for: "shop").map(Self.shop) }
        let attribution = problems.attempt {
            try root.value(for: "attribution_window").map(CampaignReader.attributionWindow)
                ?? CommunicationCalendar.defaultAttributionWindowDays
        }
        let topics = problems.attempt { try root.value(for: "topics").map(TopicsReader.read) ?? [] }
        let files = problems.attempt { try root.required("campaigns", example: "[birthday.yaml]").elements() }
        var listed: [LocatedText] = []
        for element in files ?? [] {
            if let name = problems.attempt({ try campaignFileName(element) }) {
                listed.append(name)
            }
        }
        guard !problems.hasErrors, let timeZone, let window, let maxPerDay, let week, let month, let between, let blackout, let from,
              let replyTo, let locale, let shop, let attribution, let topics
        else { return Result(calendar: nil, campaignFiles: listed, problems: problems) }
        var calendar = CommunicationCalendar(
            timeZone: timeZone, sendWindow: window, maxPerDay: maxPerDay,
            spacing: SpacingRules(maxPerWeek: week, maxPerMonth: month, minDaysBetween: between), blackout: blackout, from: from,
            replyTo: replyTo, defaultLocale: locale, campaignFiles: listed, shop: shop, topics: topics)
        calendar.attributionWindowDays = attribution
        return Result(calendar: calendar, campaignFiles: listed, problems: problems)
    }

    static func shop(_ value: YAMLValue) throws(YAMLError) -> ShopDetails {
        let mapping = try value.mapping()
        if let error = mapping.unknownKeyErrors(allowed: ["name", "address", "url", "locales"]).first { throw error }
        let name = try shopText(mapping.required("name", example: "Sahab Shop"))
        let address = try shopText(mapping.required("address", example: "\"12 Valiasr St, Tehran, Iran\""))
        let url = try mapping.value(for: "url").map(shopURL)
        let locales = try mapping.value(for: "locales").map(shopLocales) ?? [:]
        return ShopDetails(name: name, postalAddress: address, url: url, locales: locales)
    }

    /// `shop.locales`: for each locale, such as `fa` or `fa-IR`, its name, address or url.
    static func shopLocales(_ value: YAMLValue) throws(YAMLError) -> [String: LocalizedShopDetails] {
        let byLocale = try value.mapping()
        var locales: [String: LocalizedShopDetails] = [:]
        for key in byLocale.keys {
            guard isLanguageTag(key) else {
                throw byLocale.error(at: key, .invalidValue,
                    "'\(key)' is not a locale: write a language tag such as fa, ar or fa-IR, as template locale folders are named")
            }
            let example = "{name: فروشگاه سحاب, address: \"تهران، خیابان ولیعصر، پلاک ۱۲\"}"
            let entry = try byLocale.required(key, example: example).mapping()
            if let error = entry.unknownKeyErrors(allowed: ["name", "address", "url"]).first { throw error }
            let details = LocalizedShopDetails(
                name: try entry.value(for: "name").map(shopText), postalAddress: try entry.value(for: "address").map(shopText),
                url: try entry.value(for: "url").map(shopURL))
            guard details != LocalizedShopDetails() else {
                throw byLocale.error(at: key, .missingKey, "give the shop's name, address or url in \(key), for example \(key): \(example)")
            }
            locales[key] = details
        }
        return locales
    }

    /// A name or postal address: never blank, as every marketing email shows them.
    private static func shopText(_ value: YAMLValue) throws(YAMLError) -> String {
        let text = try value.string()
        guard !text.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw value.error(.invalidValue, "must not be empty: every marketing email shows the shop's name and postal address")
        }
        return text
    }

    private static func shopURL(_ value: YAMLValue) throws(YAMLError) -> String {
        let url = try value.string()
        guard url.hasPrefix("https://") || url.hasPrefix("http://") else {
            throw value.error(.invalidValue, "must be a web address starting with https://, got \"\(url)\"")
        }
        return url
    }

    static func timeZone(_ value: YAMLValue) throws(YAMLError) -> TimeZone {
        let name = try value.string()
        if let zone = TimeZone(identifier: name), name.contains("/") || name == "UTC" {
            return zone
        }
        let hint = Suggestion.closest(to: name, among: TimeZone.knownTimeZoneIdentifiers).map { " (did you mean \($0)?)" }
            ?? "; write an IANA time zone name such as Asia/Tehran, Europe/Berlin or UTC"
        throw value.error(.invalidValue, "unknown time zone \"\(name)\"\(hint)")
    }

    static func sendWindow(_ value: YAMLValue) throws(YAMLError) -> SendWindow {
        let text = try value.string()
        guard let (opens, closes) = SendWindow.times(parsing: text) else {
            throw value.error(.invalidValue, "expected a window such as \"10:00-20:00\" (HH:MM-HH:MM, 24-hour clock), got \"\(text)\"")
        }
        guard let window = SendWindow(opens: opens, closes: closes) else {
            throw value.error(.invalidValue, "the window opens at \(opens) but closes at \(closes); it must close later the same day (a window cannot cross midnight)")
        }
        return window
    }

    static func blackoutPeriods(_ value: YAMLValue) throws(YAMLError) -> [BlackoutPeriod] {
        var periods: [BlackoutPeriod] = []
        for element in try value.elements() {
            guard let range = try? element.mapping() else {
                periods.append(BlackoutPeriod(day: try element.localDate()))
                continue
            }
            if let error = range.unknownKeyErrors(allowed: ["from", "to"]).first { throw error }
            let first = try range.required("from", example: "2027-01-01").localDate()
            let last = try range.required("to", example: "2027-01-02").localDate()
            guard let period = BlackoutPeriod(first: first, last: last) else {
                throw range.error(at: "to", .invalidValue, "the range ends on \(last), before it starts on \(first); swap from and to")
            }
            periods.append(period)
        }
        return periods
    }

    /// A BCP 47 language tag such as `en`, `fa` or `fa-IR`.
    static func locale(_ value: YAMLValue) throws(YAMLError) -> String {
        let text = try value.string()
        guard isLanguageTag(text) else {
            throw value.error(.invalidValue, "expected a language tag such as en, fa or fa-IR, got \"\(text)\"")
        }
        return text
    }

    /// Whether `text` is a BCP 47 tag such as `en`, `fa` or `fa-IR`.
    static func isLanguageTag(_ text: String) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        let language = parts.first ?? ""
        return (2...3).contains(language.count) && language.allSatisfy { $0.isASCII && $0.isLetter }
            && parts.dropFirst().allSatisfy { (1...8).contains($0.count) && $0.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) } }
    }

    /// One entry of `campaigns:`, a file name such as `birthday.yaml` in the same folder.
    static func campaignFileName(_ value: YAMLValue) throws(YAMLError) -> LocatedText {
        let name = try value.locatedString()
        let text = name.text
        if text.contains("/") || text.contains("\\") {
            throw value.error(.invalidValue, "list the file by its name only, such as birthday.yaml; campaign files live next to calendar.yaml")
        }
        if text == "calendar.yaml" {
            throw value.error(.invalidValue, "calendar.yaml is this file, not a campaign; list campaign files such as birthday.yaml")
        }
        guard text.hasSuffix(".yaml"), text.count > 5 else {
            let hint = text.hasSuffix(".yml") ? "rename the file to end in .yaml" : "write \(text).yaml"
            throw value.error(.invalidValue, "expected a campaign file name ending in .yaml, got \"\(text)\"; \(hint)")
        }
        return name
    }
}
