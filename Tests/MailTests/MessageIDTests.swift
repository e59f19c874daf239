import Foundation
import Testing
@testable import Mail

@Suite("Message-IDs")
struct MessageIDTests {
    @Test("generated identifiers are unique and well formed")
    func generated() throws {
        let identifiers = (0..<1000).map { _ in MessageID.generate(domain: "Shop.Example") }
        #expect(Set(identifiers).count == identifiers.count)
        let pattern = try Regex("^<[0-9a-z]+\\.[0-9a-f]{32}@shop\\.example>$")
        for identifier in identifiers.prefix(20) {
            #expect(identifier.description.wholeMatch(of: pattern) != nil, "\(identifier)")
            #expect(try MessageID(identifier.description) == identifier)
        }
    }

    @Test("a domain with characters a Message-ID cannot hold is cleaned, never refused")
    func generatedWithOddDomain() {
        #expect(MessageID.generate(domain: "shop example!").domain == "shopexample!")
        #expect(MessageID.generate(domain: "..").domain == "keepsake.invalid")
        #expect(MessageID.generate(domain: "a\r\nb.example").domain == "ab.example")
    }

    @Test("stored identifiers are read with or without angle brackets", arguments: [
        ("<abc.123@shop.example>", "<abc.123@shop.example>"),
        ("abc.123@shop.example", "<abc.123@shop.example>"),
        ("<x$y@[literal.part]>", "<x$y@[literal.part]>"),
    ])
    func stored(input: String, description: String) throws {
        #expect(try MessageID(input).description == description)
    }

    @Test("malformed stored identifiers are refused", arguments: [
        "", "<>", "<a@b@c>", "<a b@x.example>", "<a@>", "<@x.example>", "<a\r\n@x.example>", "<.a@x.example>",
        "<a@[x]y>", "<a@x..example>", "<سلام@x.example>",
    ])
    func refused(input: String) {
        #expect {
            try MessageID(input)
        } throws: { error in
            (error as? MailError)?.code == .invalidMessageID
        }
    }
}
