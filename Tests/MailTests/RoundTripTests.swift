import Foundation
import KeepsakeTestSupport
import Testing
@testable import Mail

/// Subjects, names and bodies reach the recipient exactly as written, as Python's parser reads them.
@Suite("Round trip through Python's email parser")
struct RoundTripTests {
    static let longPersianSubject: String = {
        let words = String(repeating: "نوروز ", count: 42)
        return String(words.prefix(249)) + "!"
    }()

    static let subjects = [
        "تولدت مبارک، سارا! ۲۰٪ تخفیف",
        "عيد مبارك يا أحمد",
        "🎉👨‍👩‍👧 A party for the whole family",
        "👨‍👩‍👧👨‍👩‍👧👨‍👩‍👧👨‍👩‍👧👨‍👩‍👧👨‍👩‍👧👨‍👩‍👧👨‍👩‍👧",
        longPersianSubject,
        "Your order #1234 سفارش شما is ready — آماده است ✓",
        "Happy birthday Sara! Here is a gift card worth 20 percent off everything in our shop, this week only, until Friday",
        "Re: \"quotes\" (parens) <angle> back\\slash, comma; semi: colon @ at",
        "Sale  now   on",
        "Literal =?utf-8?q?not_encoded?= text",
        String(repeating: "A", count: 120),
        "e" + String(repeating: "\u{301}", count: 40) + " combining marks",
        "Café crème 20% off",
        "x",
    ]

    @Test("subjects round-trip exactly", arguments: subjects)
    func subject(_ subject: String) throws {
        let message = try MailFixtures.message(subject: subject)
        let (bytes, check) = try MailFixtures.composeAndCheck(message, expecting: .init(subject: subject))
        #expect(check.count(of: "Subject") == 1)
        let subjectLines = RawMessage(bytes).headerLines.drop { !$0.hasPrefix("Subject:") }.prefix { $0.hasPrefix("Subject:") || $0.hasPrefix(" ") }
        for line in subjectLines {
            #expect(line.utf8.count <= 78, "\(line)")
        }
    }

    @Test("the 250-character Persian subject really has 250 characters")
    func longSubjectLength() {
        #expect(Self.longPersianSubject.count == 250)
    }

    static let displayNames = [
        "Sara Karimi",
        "O'Neil, Jack",
        #"Back\slash "Quoted" Name"#,
        "(Parenthesized) Name",
        "sara@customer.example",
        "Dr. Sara K.",
        "سارا کریمی",
        "عبدالله الأحمد",
        "سارا Karimi 🎉",
        "👨‍👩‍👧 Family",
        "Semi; colon: <angles>",
        "=?utf-8?q?fake?=",
        String(repeating: "Long Name ", count: 10) + "End",
        String(repeating: "Long, Quoted ", count: 8) + "End",
        "محمدحسین عبدالرحیم‌پور",  // 44 octets: one encoded-word on a line of its own
        "Sara   Karimi",
    ]

    @Test("display names round-trip exactly", arguments: displayNames)
    func displayName(_ name: String) throws {
        let message = try MailFixtures.message(
            fromName: name, toName: name, replyTo: Mailbox(displayName: name, address: EmailAddress("care@shop.example"))
        )
        let shown = name.split(separator: " ").joined(separator: " ")
        let (_, check) = try MailFixtures.composeAndCheck(message, expecting: .init(fromName: shown, toName: shown))
        #expect(check.replyTo?.displayName == shown)
        #expect(check.from?.addrSpec == "hello@shop.example")
        #expect(check.to?.addrSpec == "sara@customer.example")
        #expect(check.replyTo?.addrSpec == "care@shop.example")
    }

    static let longNonASCIINames = [
        String(repeating: "نام بلند ", count: 12) + "پایان",
        "سارا کریمی 🎉 " + String(repeating: "👨‍👩‍👧 ", count: 8) + "Karimi",
        String(repeating: "عبدالرحیم‌زاده ", count: 6) + "Karimi",
        "محمدحسین عبدالرحیم‌زاده",  // 46 octets: one more than an encoded-word holds
    ]

    /// RFC 2047 readers (mail clients) drop the white space between adjacent encoded-words; each
    /// word of a long name ends after a space of the name, so they see it exactly. Python's
    /// parser keeps that white space and shows one more space at each cut, and nothing else.
    @Test("long non-ASCII display names are cut after spaces", arguments: longNonASCIINames)
    func longDisplayName(_ name: String) throws {
        let message = try MailFixtures.message(toName: name)
        let (bytes, check) = try MailFixtures.composeAndCheck(message)
        let toLines = RawMessage(bytes).headerLines.drop { !$0.hasPrefix("To:") }.prefix { $0.hasPrefix("To:") || $0.hasPrefix(" ") }
        let words = toLines.flatMap { $0.split(separator: " ") }.filter { $0.hasPrefix("=?") }.map(String.init)
        #expect(words.count > 1)
        let pieces = try words.map { word in
            try #require(EncodedWordTests.payload(of: word).flatMap { String(validating: $0, as: UTF8.self) })
        }
        #expect(pieces.joined() == name)
        #expect(pieces.dropLast().allSatisfy { $0.hasSuffix(" ") }, "\(pieces)")
        #expect(check.to?.displayName?.replacingOccurrences(of: "  ", with: " ") == name)
        #expect(check.to?.addrSpec == "sara@customer.example")
    }

    @Test("no display name gives a bare address")
    func noDisplayName() throws {
        let (bytes, check) = try MailFixtures.composeAndCheck(try MailFixtures.message(fromName: nil, toName: "  "))
        #expect(check.to?.addrSpec == "sara@customer.example")
        #expect(check.to?.displayName == "")
        #expect(RawMessage(bytes).headerLines.contains("To: sara@customer.example"))
    }

    static let longPersianLine = String(repeating: "سلام سارا، تولدت مبارک! ", count: 60)
    static let longEnglishLine = String(repeating: "The quick brown fox jumps over the lazy dog. ", count: 30)

    static let bodies: [(name: String, body: String, expected: String)] = [
        ("Persian with a line over 998 octets", longPersianLine + "\nپایان\n", longPersianLine + "\nپایان\n"),
        ("Arabic", "عيد مبارك يا أحمد 🌙\nكل عام وأنتم بخير\n", "عيد مبارك يا أحمد 🌙\nكل عام وأنتم بخير\n"),
        ("English with a line over 998 octets", longEnglishLine + "\nEnd.", longEnglishLine + "\nEnd."),
        (
            "awkward lines",
            "trailing spaces   \ntrailing tab\t\n.starts with a dot\n..two dots\nFrom the start\n=_ks_ and --=_ks_ and ==\n--\n\n\nafter empty lines\n",
            "trailing spaces   \ntrailing tab\t\n.starts with a dot\n..two dots\nFrom the start\n=_ks_ and --=_ks_ and ==\n--\n\n\nafter empty lines\n"
        ),
        ("mixed line ends", "one\r\ntwo\rthree\nfour\r\n", "one\ntwo\nthree\nfour\n"),
        ("no final line break", "سلام\nHello", "سلام\nHello"),
        ("a single trailing space and no line break", "Hello ", "Hello "),
        ("empty", "", ""),
        ("only line breaks", "\n\n", "\n\n"),
        ("emoji and ZWJ sequences", "🎉👨‍👩‍👧 " + String(repeating: "👩🏽‍💻", count: 100) + "\n", "🎉👨‍👩‍👧 " + String(repeating: "👩🏽‍💻", count: 100) + "\n"),
        ("mixed right-to-left and left-to-right", "سفارش #1234 شما (order) آماده است — ready!\n", "سفارش #1234 شما (order) آماده است — ready!\n"),
        ("a line of 76 characters", String(repeating: "a", count: 76) + "\n", String(repeating: "a", count: 76) + "\n"),
        ("control characters", "bell\u{7}escape\u{1B}nul\0end\u{C}\n", "bell\u{7}escape\u{1B}nul\0end\u{C}\n"),
    ]

    enum Layout: String, CaseIterable {
        case textOnly, htmlOnly, both
    }

    @Test("bodies round-trip exactly in every layout", arguments: bodies.map(\.name), Layout.allCases)
    func body(name: String, layout: Layout) throws {
        guard let entry = Self.bodies.first(where: { $0.name == name }) else {
            Issue.record("no body named \(name)")
            return
        }
        let text = layout == .htmlOnly ? nil : entry.body
        let html = layout == .textOnly ? nil : "<p>" + entry.body + "</p>"
        let message = try MailFixtures.message(text: text, html: html)
        let expected = MessageChecker.Expectation(
            text: text == nil ? nil : entry.expected, html: html == nil ? nil : "<p>" + entry.expected + "</p>"
        )
        let (_, check) = try MailFixtures.composeAndCheck(message, expecting: expected)
        #expect(check.text == (text == nil ? nil : entry.expected))
        #expect(check.html == (html == nil ? nil : "<p>" + entry.expected + "</p>"))
    }
}
