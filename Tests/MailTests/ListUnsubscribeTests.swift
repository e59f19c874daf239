import Foundation
import Testing
@testable import Mail

@Suite("List-Unsubscribe")
struct ListUnsubscribeTests {
    static let mailto = "unsubscribe@shop.example"
    static let link = "https://shop.example/keepsake/u/0123456789abcdef0123456789abcdef0123456789abcdef?campaign=birthday-2026"

    @Test("a mailto address alone gives no one-click Post header")
    func mailtoOnly() throws {
        let message = try MailFixtures.message(listUnsubscribe: ListUnsubscribe(mailto: EmailAddress(Self.mailto)))
        let (_, check) = try MailFixtures.composeAndCheck(message)
        #expect(check.header("List-Unsubscribe") == "<mailto:\(Self.mailto)>")
        #expect(check.count(of: "List-Unsubscribe") == 1)
        #expect(check.count(of: "List-Unsubscribe-Post") == 0)
    }

    @Test("an https link alone comes with List-Unsubscribe-Post")
    func httpsOnly() throws {
        let message = try MailFixtures.message(listUnsubscribe: ListUnsubscribe(https: URL(string: Self.link)))
        let (_, check) = try MailFixtures.composeAndCheck(message)
        #expect(check.header("List-Unsubscribe") == "<\(Self.link)>")
        #expect(check.header("List-Unsubscribe-Post") == "List-Unsubscribe=One-Click")
        #expect(check.count(of: "List-Unsubscribe-Post") == 1)
    }

    @Test("both are written, mailto first, folded between them")
    func both() throws {
        let message = try MailFixtures.message(
            listUnsubscribe: ListUnsubscribe(mailto: EmailAddress(Self.mailto), https: URL(string: Self.link))
        )
        let (bytes, check) = try MailFixtures.composeAndCheck(message)
        #expect(check.header("List-Unsubscribe") == "<mailto:\(Self.mailto)>, <\(Self.link)>")
        #expect(check.header("List-Unsubscribe-Post") == "List-Unsubscribe=One-Click")
        let lines = RawMessage(bytes).headerLines
        #expect(lines.contains("List-Unsubscribe: <mailto:\(Self.mailto)>,"))
        #expect(lines.contains(" <\(Self.link)>"[...]))
    }

    @Test("no unsubscribe settings, no headers")
    func none() throws {
        let (_, check) = try MailFixtures.composeAndCheck(try MailFixtures.message())
        #expect(check.count(of: "List-Unsubscribe") == 0)
        #expect(check.count(of: "List-Unsubscribe-Post") == 0)
    }

    @Test("links that are not plain https are refused", arguments: [
        "http://shop.example/u/1", "ftp://shop.example/u/1", "mailto:unsubscribe@shop.example", "https:///u/1",
        "https://shop.example/u/1,2", "https://shop.example/" + String(repeating: "a", count: 900),
    ])
    func refusedLinks(_ text: String) throws {
        let url = try #require(URL(string: text))
        #expect {
            try ListUnsubscribe(https: url)
        } throws: { error in
            (error as? MailError)?.code == .invalidUnsubscribe
        }
    }

    @Test("an http link is refused with a reason that says https is needed")
    func httpReason() throws {
        let url = try #require(URL(string: "http://shop.example/u/1"))
        do {
            _ = try ListUnsubscribe(https: url)
            Issue.record("an http link was accepted")
        } catch {
            #expect(error.description == "unsubscribe link \"http://shop.example/u/1\" is not an https:// address with a host; one-click unsubscribe needs https")
        }
    }

    @Test("an empty unsubscribe setting is refused")
    func empty() {
        #expect {
            try ListUnsubscribe()
        } throws: { error in
            (error as? MailError)?.code == .invalidUnsubscribe
        }
    }
}
