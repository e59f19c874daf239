import Foundation
internal import StrictYAML

/// One topic of the calendar's `topics:`, such as `offers`: what a campaign's `topic:` names,
/// and what a customer keeps or leaves in the preference centre.
public struct Topic: Hashable, Sendable {
    /// The topic's id, such as `offers`: lower-case letters, digits, `-` and `_`.
    public var id: String
    /// Its name for customers, by locale as written (`en`, `fa`, `fa-IR`).
    public var names: [String: String]

    /// Creates a topic.
    public init(id: String, names: [String: String]) {
        self.id = id
        self.names = names
    }

    /// The name in `locale`, else in its language, else in `fallback`, else the id.
    public func name(locale: String, fallback: String) -> String {
        let language = String(locale.split(separator: "-").first ?? "")
        return names[locale] ?? names[language] ?? names[fallback] ?? names.values.sorted().first ?? id
    }
}

/// Reads the calendar's `topics:`:
///
/// ```yaml
/// topics:
///   birthdays: {en: Birthdays and anniversaries, fa: تولد و سالگرد, ar: أعياد الميلاد}
///   offers: {en: Offers, fa: پیشنهادها, ar: العروض}
/// ```
enum TopicsReader {
    /// The most topics a calendar lists (each is a line of the preference centre).
    static let mostTopics = 20
    /// The longest topic id, in characters (the consent ledger stores it).
    static let longestID = 40
    /// The longest name of a topic, in characters.
    static let longestName = 100

    static func read(_ value: YAMLValue) throws(YAMLError) -> [Topic] {
        let mapping = try value.mapping()
        guard mapping.keys.count <= mostTopics else {
            throw value.error(.invalidValue, "\(mapping.keys.count) topics are too many; list at most \(mostTopics)")
        }
        var topics: [Topic] = []
        for id in mapping.keys {
            guard CampaignNames.isIdentifier(id), id.count <= longestID else {
                throw mapping.error(at: id, .invalidValue,
                    "the topic id \"\(id)\" may use only lower-case letters a–z, digits and - or _ (at most \(longestID)), such as offers")
            }
            let example = "{en: Offers, fa: پیشنهادها, ar: العروض}"
            let byLocale = try mapping.required(id, example: example).mapping()
            guard !byLocale.keys.isEmpty else {
                throw mapping.error(at: id, .missingKey, "give the topic's name in each locale, for example \(id): \(example)")
            }
            var names: [String: String] = [:]
            for locale in byLocale.keys {
                guard CalendarReader.isLanguageTag(locale) else {
                    throw byLocale.error(at: locale, .invalidValue,
                        "'\(locale)' is not a locale: write a language tag such as en, fa or fa-IR")
                }
                let nameValue = try byLocale.required(locale, example: "Offers")
                let name = try nameValue.string()
                guard !name.trimmingCharacters(in: .whitespaces).isEmpty, name.count <= longestName else {
                    throw nameValue.error(.invalidValue, "a topic's name is 1 to \(longestName) characters; customers see it in the preference centre")
                }
                names[locale] = name
            }
            topics.append(Topic(id: id, names: names))
        }
        return topics
    }

    /// The error for a campaign's `topic:` that the calendar does not list, or for a missing one.
    static func problem(campaign: Campaign, topics: [Topic]) -> CampaignProblem? {
        if topics.isEmpty {
            return campaign.topic.map { topic in
                CampaignProblem(
                    .invalidValue, at: topic.location,
                    "calendar.yaml lists no topics; list \(topic.text) under topics: there (with its name per locale), or remove this line")
            }
        }
        let known = CampaignNames.list(topics.map(\.id), conjunction: "or")
        guard let topic = campaign.topic else {
            return CampaignProblem(
                .missingKey, at: SourceLocation(file: campaign.file, line: 1, column: 1),
                "the calendar lists topics, so every campaign needs one: add topic: followed by \(known)")
        }
        guard !topics.contains(where: { $0.id == topic.text }) else { return nil }
        let hint = Suggestion.closest(to: topic.text, among: topics.map(\.id)).map { " (did you mean \($0)?)" } ?? ""
        return CampaignProblem(
            .invalidValue, at: topic.location,
            "unknown topic \"\(topic.text)\"\(hint); the calendar's topics are \(known)")
    }
}
