import Foundation
import Testing

@testable import Scheduler

@Suite("Unsubscribe links and coupon codes")
struct LinkTokensTests {
    let tokens = LinkTokens(secret: Array(repeating: 7, count: 32))

    @Test func theSameDeliveryAlwaysGetsTheSameLinkAndCode() {
        let base = URL(string: "https://shop.example/keepsake")!
        let first = tokens.unsubscribeURL(base: base, customerID: "c1", campaignID: "birthday")
        #expect(first == tokens.unsubscribeURL(base: base, customerID: "c1", campaignID: "birthday"))
        #expect(first.absoluteString.hasPrefix("https://shop.example/keepsake/unsubscribe?c=c1&k=birthday&t="))
        let code = tokens.couponCode(prefix: "BDAY", customerID: "c1", campaignID: "birthday", occurrence: "2027-05-14")
        #expect(code == tokens.couponCode(prefix: "BDAY", customerID: "c1", campaignID: "birthday", occurrence: "2027-05-14"))
        #expect(code.wholeMatch(of: /BDAY-[A-HJ-NP-Z2-9]{10}/) != nil, "\(code)")
    }

    @Test func idsWithReservedCharactersAreEscapedInTheLink() {
        let url = tokens.unsubscribeURL(base: URL(string: "https://shop.example/k/")!, customerID: "a b&c=d/é", campaignID: "eid")
        #expect(url.absoluteString.hasPrefix("https://shop.example/k/unsubscribe?c=a%20b%26c%3Dd%2F%C3%A9&k=eid&t="), "\(url)")
        let items = URLComponents(url: url, resolvingAgainstBaseURL: false)?.queryItems ?? []
        #expect(items.first { $0.name == "c" }?.value == "a b&c=d/é")
    }

    @Test func aDeliveryKeepsItsMessageIDAcrossAttempts() {
        let id = tokens.messageIDLocalPart(customerID: "c1", campaignID: "birthday", occurrence: "2027-05-14")
        #expect(id == tokens.messageIDLocalPart(customerID: "c1", campaignID: "birthday", occurrence: "2027-05-14"))
        #expect(id.wholeMatch(of: /ks\.[0-9a-f]{32}/) != nil, "\(id)")
        #expect(id != tokens.messageIDLocalPart(customerID: "c1", campaignID: "birthday", occurrence: "2028-05-03"))
    }

    @Test func anythingDifferentGivesADifferentToken() {
        let token = tokens.unsubscribeToken(customerID: "c1", campaignID: "birthday")
        #expect(token.count == 22)
        #expect(token != tokens.unsubscribeToken(customerID: "c2", campaignID: "birthday"))
        #expect(token != tokens.unsubscribeToken(customerID: "c1", campaignID: "nowruz"))
        // Length-prefixed parts: moving a character across the boundary changes the token.
        #expect(tokens.unsubscribeToken(customerID: "c1b", campaignID: "irthday") != token)
        #expect(LinkTokens(secret: Array(repeating: 8, count: 32)).unsubscribeToken(customerID: "c1", campaignID: "birthday") != token)
        let code = tokens.couponCode(prefix: "BDAY", customerID: "c1", campaignID: "birthday", occurrence: "2027-05-14")
        #expect(code != tokens.couponCode(prefix: "BDAY", customerID: "c1", campaignID: "birthday", occurrence: "2028-05-03"))
    }

    @Test func theTokenIsTheHMACOfThePartsUnderTheSecret() throws {
        // Recomputed independently with Python: hmac.new(bytes([7]*32), b"\0\0\0\x0bunsubscribe\0\0\0\x02c1\0\0\0\x08birthday", sha256)
        let expected = try #require(Self.pythonToken())
        #expect(tokens.unsubscribeToken(customerID: "c1", campaignID: "birthday") == expected)
    }

    static func pythonToken() -> String? {
        let script = """
            import hmac, hashlib, base64, struct
            parts = [b"unsubscribe", b"c1", b"birthday"]
            message = b"".join(struct.pack(">I", len(p)) + p for p in parts)
            mac = hmac.new(bytes([7] * 32), message, hashlib.sha256).digest()[:16]
            print(base64.urlsafe_b64encode(mac).decode().rstrip("="))
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
