import Calendars
import Foundation
import Testing
@testable import Templates

@Suite struct SampleTemplateTests {
    static let library = TemplateLibrary.load(directory: Fixtures.samples)
    static let names = ["anniversary", "birthday", "birthday-vip", "eid-al-fitr", "feedback", "nowruz", "winback-1", "winback-2"]

    @Test func theSamplesLoadWithoutProblems() {
        #expect(Self.library.problems.map(\.description) == [])
        #expect(Self.library.templateNames == Self.names)
        for name in Self.names {
            #expect(Self.library.locales(of: name).map(\.description) == ["ar", "en", "fa"], "\(name)")
        }
    }

    /// Every sample in every locale, for a customer in that locale's usual calendar, with and
    /// without a coupon: no tag is left unrendered, the footer's link and address are there.
    @Test(arguments: names)
    func everySampleRendersInEveryLocale(_ name: String) throws {
        let calendars: [String: CalendarSystem] = ["en": .gregorian, "fa": .persian, "ar": .islamicUmmAlQura]
        for locale in ["en", "fa", "ar"] {
            for withCoupon in [true, false] {
                var context = Fixtures.context(locale: locale, calendar: calendars[locale]!, today: RenderingTests.november23)
                if !withCoupon { context.coupon = nil }
                let message = try Self.library.render(name, locale: locale, context: context)
                let place = "\(name)/\(locale)"
                #expect(message.locale.description == locale, "\(place)")
                // A listing renders the subject alone: the same subject, no bodies.
                let listed = try Self.library.render(name, locale: locale, context: context, subjectOnly: true)
                #expect(listed.subject == message.subject && listed.html.isEmpty && listed.text.isEmpty, "\(place)")
                #expect(!message.subject.isEmpty && !message.subject.contains("\n"), "\(place)")
                for part in [message.subject, message.html, message.text] {
                    #expect(!part.contains("{{") && !part.contains("}}"), "\(place)")
                }
                #expect(message.html.contains("dir=\"\(locale == "en" ? "ltr" : "rtl")\" lang=\"\(locale)\""), "\(place)")
                #expect(message.html.contains("href=\"https://shop.example/u/abc?x=1&amp;y=2\""), "\(place)")
                #expect(message.html.contains(Fixtures.shop.address), "\(place)")
                #expect(message.text.contains("https://shop.example/u/abc?x=1&y=2"), "\(place)")
                #expect(message.text.contains(Fixtures.shop.address), "\(place)")
                #expect(message.html.contains("Maryam") && message.text.contains("Maryam"), "\(place)")
                #expect(message.html.contains("BDAY-7K2Q9M") == (withCoupon && name != "winback-1" && name != "feedback"
                    && name != "nowruz" && name != "eid-al-fitr"), "\(place)")
            }
        }
    }

    /// In Persian and Arabic a code such as BDAY-7K2Q9M is isolated left to right and kept on one
    /// line in HTML, and stands on a line of its own in the plain text, so it is neither reordered
    /// nor broken at its hyphen.
    @Test(arguments: ["anniversary", "birthday", "birthday-vip", "winback-2"])
    func couponCodesStayWholeInRightToLeftText(_ name: String) throws {
        let calendars: [String: CalendarSystem] = ["fa": .persian, "ar": .islamicUmmAlQura]
        for locale in ["fa", "ar"] {
            let message = try Self.library.render(
                name, locale: locale, context: Fixtures.context(locale: locale, calendar: calendars[locale]!))
            #expect(message.html.contains(
                "<span dir=\"ltr\" style=\"unicode-bidi:isolate;white-space:nowrap;font-family:monospace;\">BDAY-7K2Q9M</span>"),
                "\(name)/\(locale)")
            #expect(message.text.split(separator: "\n").contains("BDAY-7K2Q9M"), "\(name)/\(locale)")
        }
    }

    @Test func referencesToMissingTemplatesAreReportedWithASuggestion() {
        let problems = Self.library.check(references: ["birthday", "birthday-vp", "winback-3", "gift-card"])
        #expect(problems.map(\.description) == [
            "\(Fixtures.samples)/birthday-vp:1:1: template 'birthday-vp' does not exist: there is no "
                + "\(Fixtures.samples)/birthday-vp/ (did you mean birthday-vip?)",
            "\(Fixtures.samples)/winback-3:1:1: template 'winback-3' does not exist: there is no "
                + "\(Fixtures.samples)/winback-3/ (did you mean winback-1?)",
            "\(Fixtures.samples)/gift-card:1:1: template 'gift-card' does not exist: there is no \(Fixtures.samples)/gift-card/",
        ])
        #expect(problems.allSatisfy { $0.code == .missingTemplate })
    }

    @Test func aReferenceIsReportedWhereTheCampaignWritesIt() {
        let reference = TemplateReference(template: "anniversery", file: "campaigns/anniversary.yaml", line: 6, column: 50)
        #expect(Self.library.check(references: [reference]).map(\.description) == [
            "campaigns/anniversary.yaml:6:50: template 'anniversery' does not exist: there is no "
                + "\(Fixtures.samples)/anniversery/ (did you mean anniversary?)",
        ])
    }

    @Test func renderingAnUnknownTemplateSuggestsTheNearestName() {
        let error = #expect(throws: TemplateError.self) {
            try Self.library.render("winback1", locale: "en", context: Fixtures.context())
        }
        #expect(error?.code == .unknownTemplate)
        #expect(error?.message.hasSuffix("(did you mean winback-1?)") == true)
    }
}
