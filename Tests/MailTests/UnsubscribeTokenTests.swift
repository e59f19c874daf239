import Foundation
import Testing

@testable import Mail

/// The one-click unsubscribe token: it names its customer and campaign, and only the secret's
/// holder can make one. Verification compares the HMAC with swift-crypto's
/// `HMAC.isValidAuthenticationCode` (constant time); these tests pin what it accepts.
@Suite("One-click unsubscribe tokens")
struct UnsubscribeTokenTests {
    let tokens = LinkTokens(secret: Array(repeating: 7, count: 32))

    @Test("a token gives back the customer and campaign it was made for", arguments: [
        ("c000001", "birthday"), ("g00042", "eid-al-fitr"), ("مشتری-۱", "nowruz"), ("", "x"), ("a", ""),
        (String(repeating: "9", count: 300), "winback-2"), ("id with spaces/&?=#", "c"),
    ])
    func roundTrip(customer: String, campaign: String) {
        let token = tokens.unsubscribeToken(customerID: customer, campaignID: campaign)
        #expect(token.wholeMatch(of: /[A-Za-z0-9_-]+/) != nil, "not URL-safe: \(token)")
        #expect(tokens.unsubscribeTarget(ofToken: token) == UnsubscribeTarget(customerID: customer, campaignID: campaign))
    }

    @Test("changing any one byte of a token, or any one character of its text, makes it invalid")
    func everyTamperingIsRejected() throws {
        let token = tokens.unsubscribeToken(customerID: "c000001", campaignID: "birthday")
        let bytes = try #require(Data(base64Encoded: Self.standardBase64(token)))
        for index in bytes.indices {
            for flip: UInt8 in [0x01, 0x80, 0xFF] {
                var tampered = bytes
                tampered[index] ^= flip
                let text = LinkTokens.base64URL(Array(tampered))
                #expect(tokens.unsubscribeTarget(ofToken: text) == nil, "byte \(index) ^ \(flip) accepted")
            }
        }
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
        var characters = Array(token)
        for index in characters.indices {
            let original = characters[index]
            for replacement in alphabet where replacement != original {
                characters[index] = replacement
                #expect(tokens.unsubscribeTarget(ofToken: String(characters)) == nil, "character \(index) → \(replacement) accepted")
            }
            characters[index] = original
        }
    }

    @Test("truncated, extended, padded, re-spelt or foreign tokens are invalid")
    func malformedTokensAreRejected() {
        let token = tokens.unsubscribeToken(customerID: "c000001", campaignID: "birthday")
        #expect(tokens.unsubscribeTarget(ofToken: token) != nil)
        for length in 0..<token.count {
            #expect(tokens.unsubscribeTarget(ofToken: token.prefix(length)) == nil, "a prefix of \(length) accepted")
        }
        for garbage in [token + "A", token + "=", token + "==", "A" + token, token + "/", token.replacingOccurrences(of: "-", with: "+"),
                        " " + token, token + "\n", String(repeating: "A", count: 5_000), "%41" + token, "", "..", "💥"]
        where garbage != token {
            #expect(tokens.unsubscribeTarget(ofToken: garbage) == nil, "accepted \(garbage.prefix(80))")
        }
        #expect(LinkTokens(secret: Array(repeating: 8, count: 32)).unsubscribeTarget(ofToken: token) == nil,
                "a token made under another secret was accepted")
    }

    @Test("another customer's id spliced into a valid token is rejected (the HMAC covers both ids)")
    func replayForAnotherCustomerIsRejected() throws {
        let mine = try #require(Data(base64Encoded: Self.standardBase64(tokens.unsubscribeToken(customerID: "c000001", campaignID: "birthday"))))
        var spliced = Data([1, 0, 7]) + Data("c000002".utf8) + Data("birthday".utf8)
        spliced += mine.suffix(32)
        #expect(tokens.unsubscribeTarget(ofToken: LinkTokens.base64URL(Array(spliced))) == nil)
        // Moving the boundary between the ids (same bytes, another customer) is rejected too.
        var moved = mine
        moved[2] = 8
        #expect(tokens.unsubscribeTarget(ofToken: LinkTokens.base64URL(Array(moved))) == nil)
    }

    @Test("a customer's link does not depend on anything but the customer, the campaign and the secret")
    func linksAreStable() {
        let base = URL(string: "https://shop.example/keepsake")!
        let one = tokens.unsubscribeURL(base: base, customerID: "c1", campaignID: "birthday")
        #expect(one == LinkTokens(secret: Array(repeating: 7, count: 32)).unsubscribeURL(base: base, customerID: "c1", campaignID: "birthday"))
        #expect(one != tokens.unsubscribeURL(base: base, customerID: "c1", campaignID: "nowruz"))
        #expect(one.absoluteString.count < 120, "\(one)")
    }

    static func standardBase64(_ token: String) -> String {
        var text = token.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        text += String(repeating: "=", count: (4 - text.count % 4) % 4)
        return text
    }
}
