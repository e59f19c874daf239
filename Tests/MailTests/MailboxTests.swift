import Testing
@testable import Mail

@Suite("Mailboxes written by operators")
struct MailboxTests {
    @Test("mailbox strings are read", arguments: [
        ("Sahab Shop <hello@shop.example>", "Sahab Shop", "hello@shop.example"),
        ("\"O'Neil, Jack\" <a@b.example>", "O'Neil, Jack", "a@b.example"),
        ("a@b.example", nil, "a@b.example"),
        ("<a@b.example>", nil, "a@b.example"),
        ("  سارا کریمی <sara@x.example>  ", "سارا کریمی", "sara@x.example"),
        (#""Back\\slash \"Q\"" <a@b.example>"#, #"Back\slash "Q""#, "a@b.example"),
        ("\"\" <a@b.example>", nil, "a@b.example"),
        ("Shop<a@B.Example>", "Shop", "a@b.example"),
    ] as [(String, String?, String)])
    func parses(input: String, displayName: String?, address: String) throws {
        let mailbox = try Mailbox(parsing: input)
        #expect(mailbox.displayName == displayName)
        #expect(mailbox.address.description == address)
    }

    @Test("malformed mailbox strings are refused", arguments: [
        ("Sahab <hello@shop.example", MailError.Code.invalidMailbox, "angle brackets do not match"),
        ("Sahab hello@shop.example>", .invalidMailbox, "angle brackets do not match"),
        ("\"Unclosed <a@b.example>", .invalidMailbox, "no closing quotation mark"),
        ("\"Q\" extra <a@b.example>", .invalidMailbox, "text after the quoted name"),
        ("a <b> <c@d.example>", .invalidMailbox, "put the name in double quotes"),
        ("Name <bad@@x.example>", .invalidAddress, "more than one \"@\""),
        ("Sahab Shop hello@shop.example", .invalidAddress, "contains a space"),
        ("", .invalidAddress, "it is empty"),
    ])
    func refuses(input: String, code: MailError.Code, reason: String) {
        #expect {
            try Mailbox(parsing: input)
        } throws: { error in
            guard let error = error as? MailError else { return false }
            return error.code == code && error.description.contains(reason)
        }
    }
}
