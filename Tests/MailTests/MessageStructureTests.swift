import Foundation
import Testing
@testable import Mail
import KeepsakeTestSupport

@Suite("Message structure")
struct MessageStructureTests {
    @Test("headers come once each, in the documented order")
    func headerOrder() throws {
        let message = try MailFixtures.message(
            replyTo: Mailbox(displayName: "Care", address: EmailAddress("care@shop.example")),
            listUnsubscribe: ListUnsubscribe(mailto: EmailAddress("u@shop.example"), https: URL(string: "https://shop.example/u/1")),
            extraHeaders: [MailHeader(name: "X-Campaign", value: "birthday"), MailHeader(name: "Feedback-ID", value: "birthday:shop")]
        )
        let (bytes, check) = try MailFixtures.composeAndCheck(message)
        #expect(RawMessage(bytes).headerNames == [
            "Date", "Message-ID", "MIME-Version", "From", "To", "Reply-To", "Subject", "List-Unsubscribe",
            "List-Unsubscribe-Post", "X-Campaign", "Feedback-ID", "Content-Type",
        ])
        #expect(check.headerCounts.values.allSatisfy { $0 == 1 })
        #expect(check.header("Message-ID") == "<fixed.0123456789abcdef@shop.example>")
        #expect(check.header("MIME-Version") == "1.0")
        #expect(check.header("Feedback-ID") == "birthday:shop")
    }

    @Test("a text and an HTML body make multipart/alternative, text first")
    func alternative() throws {
        let (bytes, check) = try MailFixtures.composeAndCheck(try MailFixtures.message(), expecting: .init(
            text: "Hello Sara,\nHappy birthday!\n", html: "<p>Happy birthday!</p>\n"
        ))
        #expect(check.contentType == "multipart/alternative")
        let raw = RawMessage(bytes)
        let plain = try #require(raw.text.range(of: "Content-Type: text/plain; charset=utf-8"))
        let html = try #require(raw.text.range(of: "Content-Type: text/html; charset=utf-8"))
        #expect(plain.lowerBound < html.lowerBound)
        #expect(raw.text.hasSuffix("\r\n--\(MailFixtures.boundary)--\r\n"))
    }

    @Test("one body makes a single-part message", arguments: [true, false])
    func singlePart(textOnly: Bool) throws {
        let message = try MailFixtures.message(text: textOnly ? "Hello" : nil, html: textOnly ? nil : "<p>Hello</p>")
        let (bytes, check) = try MailFixtures.composeAndCheck(message)
        #expect(check.contentType == (textOnly ? "text/plain" : "text/html"))
        let raw = RawMessage(bytes)
        #expect(!raw.text.contains("boundary"))
        #expect(!raw.text.contains("multipart"))
        #expect(raw.headerNames.suffix(2) == ["Content-Type", "Content-Transfer-Encoding"])
        #expect(check.header("Content-Type") == "text/\(textOnly ? "plain" : "html"); charset=\"utf-8\"")
    }

    @Test("a message needs a body")
    func missingBody() {
        #expect {
            try MailFixtures.message(text: nil, html: nil)
        } throws: { error in
            (error as? MailError)?.code == .missingBody
        }
    }

    @Test("the boundary never occurs inside a part, even when the body quotes it")
    func boundaryAbsentFromParts() throws {
        let hostile = "--=_ks_00112233445566778899aabbccddeeff\n=_ks_ --=_ks_ =_\n--\(MailFixtures.boundary)--\n"
        for body in [hostile, hostile + "سلام سارا، تولدت مبارک! سلام سارا، تولدت مبارک!"] {
            let message = try MailFixtures.message(text: body, html: "<pre>" + body + "</pre>")
            let (bytes, check) = try MailFixtures.composeAndCheck(message, expecting: .init(text: body, html: "<pre>" + body + "</pre>"))
            // Once in Content-Type, twice as a delimiter, once closing.
            #expect(RawMessage(bytes).occurrences(of: MailFixtures.boundary) == 4)
            #expect(!RawMessage(bytes).text.contains("=_ks_ "))
            #expect(check.defects.isEmpty)
        }
    }

    @Test("random boundaries differ and are quoted")
    func randomBoundary() throws {
        let message = try MailFixtures.message()
        let first = RawMessage(try MIMEComposer().compose(message))
        let second = RawMessage(try MIMEComposer().compose(message))
        #expect(first.text != second.text)
        let pattern = try Regex(" boundary=\"=_ks_[0-9a-f]{32}\"")
        #expect(first.text.contains(pattern))
        let check = try MessageChecker.check(Array(first.text.utf8))
        #expect(check.defects.isEmpty && check.lineProblems.isEmpty)
    }

    @Test("the same message and boundary give the same bytes")
    func deterministic() throws {
        let message = try MailFixtures.message(toName: "سارا کریمی", subject: "تولدت مبارک، سارا! ۲۰٪ تخفیف")
        let (first, _) = try MailFixtures.composeAndCheck(message)
        let (second, _) = try MailFixtures.composeAndCheck(message)
        #expect(first == second)
    }

    @Test("lines end in CRLF and no line is longer than 998 octets")
    func lineEnds() throws {
        let body = String(repeating: "x", count: 3000) + "\n" + String(repeating: "ی", count: 3000)
        let (bytes, _) = try MailFixtures.composeAndCheck(try MailFixtures.message(text: body, html: body))
        for (offset, byte) in bytes.enumerated() where byte == UInt8(ascii: "\n") {
            #expect(offset > 0 && bytes[offset - 1] == UInt8(ascii: "\r"))
        }
        #expect(RawMessage(bytes).lines.allSatisfy { $0.utf8.count <= 998 })
        #expect(bytes.allSatisfy { $0 < 0x80 })
    }

    @Test("mostly-ASCII text is quoted-printable; mostly-Persian text is base64", arguments: [
        ("Hello Sara, happy birthday! Your gift: 20% off. سلام", "quoted-printable"),
        ("سلام سارا، تولدت مبارک! ۲۰٪ تخفیف برای شما", "base64"),
        ("عيد مبارك يا أحمد", "base64"),
    ])
    func transferEncoding(text: String, encoding: String) throws {
        let (_, check) = try MailFixtures.composeAndCheck(try MailFixtures.message(text: text, html: nil), expecting: .init(text: text))
        #expect(check.header("Content-Transfer-Encoding") == encoding)
    }

    @Test("extra header values in Persian are encoded and read back")
    func extraHeaderEncoded() throws {
        let value = "کمپین تولد ۱۴۰۵ — birthday campaign with a long value that needs folding across lines"
        let message = try MailFixtures.message(extraHeaders: [MailHeader(name: "X-Campaign-Title", value: value)])
        let (_, check) = try MailFixtures.composeAndCheck(message)
        #expect(check.header("X-Campaign-Title") == value)
    }
}
