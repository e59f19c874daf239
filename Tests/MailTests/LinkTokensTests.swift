import Foundation
import Testing

@testable import Mail

@Suite("Unsubscribe links and coupon codes")
struct LinkTokensTests {
    let tokens = LinkTokens(secret: Array(repeating: 7, count: 32))

    @Test func theSameDeliveryAlwaysGetsTheSameLinkAndCode() {
        let base = URL(string: "https://shop.example/keepsake")!
        let first = tokens.unsubscribeURL(base: base, customerID: "c1", campaignID: "birthday")
        #expect(first == tokens.unsubscribeURL(base: base, customerID: "c1", campaignID: "birthday"))
        #expect(first.absoluteString == "https://shop.example/keepsake/u/" + tokens.unsubscribeToken(customerID: "c1", campaignID: "birthday"))
        let code = tokens.couponCode(prefix: "BDAY", customerID: "c1", campaignID: "birthday", occurrence: "2027-05-14")
        #expect(code == tokens.couponCode(prefix: "BDAY", customerID: "c1", campaignID: "birthday", occurrence: "2027-05-14"))
        #expect(code.wholeMatch(of: /BDAY-[A-HJ-NP-Z2-9]{10}/) != nil, "\(code)")
    }

    @Test func idsWithAnyCharactersMakeAURLSafeLinkThatNamesThem() throws {
        let url = tokens.unsubscribeURL(base: URL(string: "https://shop.example/k/")!, customerID: "a b&c=d/é", campaignID: "eid")
        let token = try #require(url.absoluteString.split(separator: "/").last)
        #expect(url.absoluteString == "https://shop.example/k/u/\(token)")
        #expect(token.wholeMatch(of: /[A-Za-z0-9_-]+/) != nil, "\(token)")
        #expect(tokens.unsubscribeTarget(ofToken: token) == UnsubscribeTarget(customerID: "a b&c=d/é", campaignID: "eid"))
    }

    @Test func aDeliveryKeepsItsMessageIDAcrossAttempts() {
        let id = tokens.messageIDLocalPart(customerID: "c1", campaignID: "birthday", occurrence: "2027-05-14")
        #expect(id == tokens.messageIDLocalPart(customerID: "c1", campaignID: "birthday", occurrence: "2027-05-14"))
        #expect(id.wholeMatch(of: /ks\.[0-9a-f]{32}/) != nil, "\(id)")
        #expect(id != tokens.messageIDLocalPart(customerID: "c1", campaignID: "birthday", occurrence: "2028-05-03"))
    }

    @Test func anythingDifferentGivesADifferentToken() {
        let token = tokens.unsubscribeToken(customerID: "c1", campaignID: "birthday")
        #expect(token.count == 60)
        #expect(token != tokens.unsubscribeToken(customerID: "c2", campaignID: "birthday"))
        #expect(token != tokens.unsubscribeToken(customerID: "c1", campaignID: "nowruz"))
        // Length-prefixed parts: moving a character across the boundary changes the token.
        #expect(tokens.unsubscribeToken(customerID: "c1b", campaignID: "irthday") != token)
        #expect(LinkTokens(secret: Array(repeating: 8, count: 32)).unsubscribeToken(customerID: "c1", campaignID: "birthday") != token)
        let code = tokens.couponCode(prefix: "BDAY", customerID: "c1", campaignID: "birthday", occurrence: "2027-05-14")
        #expect(code != tokens.couponCode(prefix: "BDAY", customerID: "c1", campaignID: "birthday", occurrence: "2028-05-03"))
    }

    @Test func theTokenIsTheIDsAndTheHMACOfThemUnderTheSecret() throws {
        // Recomputed independently with Python's hmac and base64.
        let expected = try #require(Self.pythonToken())
        #expect(tokens.unsubscribeToken(customerID: "c1", campaignID: "birthday") == expected)
    }

    static func pythonToken() -> String? {
        let script = """
            import hmac, hashlib, base64, struct
            parts = [b"unsubscribe-link-v1", b"c1", b"birthday"]
            message = b"".join(struct.pack(">I", len(p)) + p for p in parts)
            mac = hmac.new(bytes([7] * 32), message, hashlib.sha256).digest()
            token = bytes([1]) + struct.pack(">H", 2) + b"c1" + b"birthday" + mac
            print(base64.urlsafe_b64encode(token).decode().rstrip("="))
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = ["-c", script]
        let pipe = Pipe()
        process.standardOutput = pipe
        try? process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
