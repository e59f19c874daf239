import Testing
@testable import Mail

@Suite("Email addresses")
struct EmailAddressTests {
    @Test("valid addresses are accepted; the domain is lower-cased, the local part kept", arguments: [
        ("hello@shop.example", "hello", "shop.example"),
        ("Sara.Karimi+vip@Shop.Example", "Sara.Karimi+vip", "shop.example"),
        ("o'neil@x.example", "o'neil", "x.example"),
        ("a@b.co", "a", "b.co"),
        ("user_name-1@mail.sub-domain.example", "user_name-1", "mail.sub-domain.example"),
        ("x!#$%&'*+/=?^_`{|}~@x.example", "x!#$%&'*+/=?^_`{|}~", "x.example"),
        (String(repeating: "l", count: 64) + "@x.example", String(repeating: "l", count: 64), "x.example"),
        ("12345@123.example", "12345", "123.example"),
    ])
    func valid(input: String, localPart: String, domain: String) throws {
        let address = try EmailAddress(input)
        #expect(address.localPart == localPart)
        #expect(address.domain == domain)
        #expect(address.description == "\(localPart)@\(domain)")
    }

    @Test("invalid addresses are refused with the reason", arguments: [
        ("", "it is empty"),
        ("bob@@x.example", "more than one \"@\""),
        ("bob.example", "missing \"@\""),
        ("@x.example", "nothing before the \"@\""),
        ("bob@", "nothing after the \"@\""),
        ("bob smith@x.example", "contains a space"),
        ("bob\t@x.example", "contains a space"),
        ("bob@x.example\r\nBcc: evil@x.example", "contains a line break"),
        ("bob@x.example\nBcc: evil@x.example", "contains a line break"),
        ("bob\0@x.example", "contains a NUL character"),
        ("bob\u{1B}@x.example", "contains a control character"),
        ("<bob@x.example>", "without angle brackets"),
        ("\"bob\"@x.example", "quotation mark"),
        ("سارا@x.example", "non-ASCII character \"س\""),
        ("bob@exämple.example", "non-ASCII character \"ä\""),
        (".bob@x.example", "starts with a dot"),
        ("bob.@x.example", "ends with a dot"),
        ("bo..b@x.example", "two dots in a row"),
        ("bob(comment)@x.example", "contains \"(\", which is not allowed"),
        ("bob,jim@x.example", "contains \",\", which is not allowed"),
        (String(repeating: "l", count: 65) + "@x.example", "65 characters long (at most 64)"),
        ("bob@localhost", "has no dot"),
        ("bob@x..example", "empty label"),
        ("bob@x.example.", "empty label"),
        ("bob@-x.example", "starts or ends with a hyphen"),
        ("bob@x_y.example", "contains \"_\""),
        ("bob@[192.0.2.1]", "address literals"),
        ("bob@192.0.2.1", "ends in a number"),
        ("bob@" + String(repeating: "d", count: 64) + ".example", "longer than 63 characters"),
        ("bob@" + Array(repeating: String(repeating: "d", count: 60), count: 5).joined(separator: ".") + ".example", "(at most 254)"),
    ])
    func invalid(input: String, expectedReason: String) {
        #expect {
            try EmailAddress(input)
        } throws: { error in
            guard let error = error as? MailError else { return false }
            return error.code == .invalidAddress && error.description.contains(expectedReason)
                && error.description.hasPrefix("invalid email address \"")
        }
    }

    @Test("the error names the address as typed, with control characters made visible")
    func errorNamesTheAddress() {
        #expect(throws: MailError.self) { try EmailAddress("bob@@x") }
        do {
            _ = try EmailAddress("bob@@x")
        } catch {
            #expect(error.description == "invalid email address \"bob@@x\": more than one \"@\"")
        }
        do {
            _ = try EmailAddress("bob@x.example\r\nBcc: e@x.example")
        } catch {
            #expect(error.description == "invalid email address \"bob@x.example\\r\\nBcc: e@x.example\": it contains a line break")
            #expect(!error.description.contains("\r") && !error.description.contains("\n"))
        }
    }

    @Test("addresses that differ only in domain case are equal")
    func equality() throws {
        #expect(try EmailAddress("Sara@SHOP.example") == EmailAddress("Sara@shop.EXAMPLE"))
        #expect(try EmailAddress("Sara@shop.example") != EmailAddress("sara@shop.example"))
    }
}
