import Foundation
import Testing
@testable import Campaigns

/// The calendar's `topics:` and each campaign's `topic:`.
@Suite("Campaign topics")
struct TopicTests {
    static let calendar = CampaignSetTests.calendar.replacingOccurrences(of: "campaigns:\n", with: """
        topics:
          birthdays: {en: Birthdays and anniversaries, fa: تولد و سالگرد, ar: أعياد الميلاد}
          offers: {en: Offers, fa: پیشنهادها}
        campaigns:

        """)

    static func campaign(_ id: String, topic: String?) -> String {
        CampaignSetTests.campaign(id) + (topic.map { "topic: \($0)\n" } ?? "")
    }

    func load(_ files: [String: String]) throws -> (set: CampaignSet, problems: [String]) {
        try CampaignSetTests().load(files)
    }

    @Test("topics are read with their names per locale, in order; each campaign knows its topic")
    func topicsAreRead() throws {
        let (set, problems) = try load([
            "calendar.yaml": Self.calendar, "first.yaml": Self.campaign("first", topic: "birthdays"),
            "second.yaml": Self.campaign("second", topic: "offers"),
        ])
        #expect(problems == [])
        #expect(set.calendar?.topics.map(\.id) == ["birthdays", "offers"])
        #expect(set.calendar?.topics.first?.names["fa"] == "تولد و سالگرد")
        #expect(set.calendar?.topics.last?.name(locale: "ar-SA", fallback: "en") == "Offers")
        #expect(set.campaigns.map { $0.topic?.text } == ["birthdays", "offers"])
    }

    @Test("an unknown topic is an error at its line and column naming the known ones; a missing one names them too")
    func unknownAndMissingTopics() throws {
        let (set, problems) = try load([
            "calendar.yaml": Self.calendar, "first.yaml": Self.campaign("first", topic: "ofers"),
            "second.yaml": Self.campaign("second", topic: nil),
        ])
        #expect(problems == [
            "first.yaml:6:8: unknown topic \"ofers\" (did you mean offers?); the calendar's topics are birthdays or offers",
            "second.yaml:1:1: the calendar lists topics, so every campaign needs one: add topic: followed by birthdays or offers",
        ])
        #expect(set.campaigns.isEmpty)
    }

    @Test("a topic in a campaign whose calendar lists none is an error; bad topic lists are errors at their place")
    func badTopicLists() throws {
        let plain = try load([
            "calendar.yaml": CampaignSetTests.calendar, "first.yaml": Self.campaign("first", topic: "offers"),
            "second.yaml": CampaignSetTests.campaign("second"),
        ])
        #expect(plain.problems == [
            "first.yaml:6:8: calendar.yaml lists no topics; list offers under topics: there (with its name per locale), or remove this line",
        ])
        let badID = Self.calendar.replacingOccurrences(of: "  offers:", with: "  Offers!:")
        #expect(try load(["calendar.yaml": badID]).problems.first?.contains(
            "the topic id \"Offers!\" may use only lower-case letters a–z, digits and - or _ (at most 40), such as offers") == true)
        let many = (1...21).map { "  t\($0): {en: T\($0)}" }.joined(separator: "\n")
        let tooMany = Self.calendar.replacingOccurrences(of: "topics:\n", with: "topics:\n\(many)\n")
        #expect(try load(["calendar.yaml": tooMany]).problems.first?.contains("23 topics are too many; list at most 20") == true)
    }
}
