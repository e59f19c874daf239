import Crypto
import Foundation

/// Per-recipient unsubscribe links and coupon codes, derived with HMAC-SHA256 from the operator's
/// secret: stable across retries and previews (the same customer, campaign and occurrence always
/// give the same link and code), and impossible to guess without the secret.
public struct LinkTokens: Sendable {
    /// An HMAC already keyed with the secret: copying it skips the key schedule on every link.
    private let keyed: HMAC<SHA256>

    /// Tokens under `secret` (`unsubscribe.secret_file`).
    public init(secret: [UInt8]) {
        keyed = HMAC<SHA256>(key: SymmetricKey(data: secret))
    }

    /// The token that proves an unsubscribe request for `customerID` came from a message of
    /// `campaignID`: 22 URL-safe characters (128 bits).
    public func unsubscribeToken(customerID: String, campaignID: String) -> String {
        Self.base64URL(Array(mac(["unsubscribe", customerID, campaignID]).prefix(16)))
    }

    /// The one-click link under `baseURL`, such as
    /// `https://shop.example/keepsake/unsubscribe?c=c000001&k=birthday&t=…`.
    public func unsubscribeURL(base baseURL: URL, customerID: String, campaignID: String) -> URL {
        let token = unsubscribeToken(customerID: customerID, campaignID: campaignID)
        var base = baseURL.absoluteString
        if base.hasSuffix("/") { base.removeLast() }
        let query = "c=\(Self.queryEscaped(customerID))&k=\(Self.queryEscaped(campaignID))&t=\(token)"
        return URL(string: base + "/unsubscribe?" + query)!
    }

    /// `text` with everything but unreserved URL characters percent-encoded.
    static func queryEscaped(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: unreserved) ?? text
    }

    /// RFC 3986's unreserved characters; built once (a CharacterSet is costly to make, and every
    /// message needs one link).
    private static let unreserved: CharacterSet = {
        var set = CharacterSet.alphanumerics.intersection(CharacterSet(charactersIn: Unicode.Scalar(0)...Unicode.Scalar(127)))
        set.insert(charactersIn: "-._~")
        return set
    }()

    /// A candidate coupon code of one occurrence: the campaign's prefix, a dash and `length`
    /// characters (10 by default: 50 bits) from ``couponAlphabet``, such as `BDAY-7KQ2M9XDF3`.
    /// Candidate 0 is the occurrence's code unless another occurrence already holds it; the store
    /// (``CouponCodes``) then gives it candidate 1, and so on. Each candidate is drawn from its own
    /// HMAC, so all of them are as unguessable as the first.
    public func couponCode(
        prefix: String, customerID: String, campaignID: String, occurrence: String, candidate: Int = 0,
        length: Int = LinkTokens.couponCodeLength
    ) -> String {
        var parts = ["coupon", customerID, campaignID, occurrence]
        if candidate > 0 { parts.append(String(candidate)) }
        // 256 is a multiple of 32: every character of the alphabet is equally likely.
        let characters = mac(parts).prefix(length).map { Self.couponAlphabet[Int($0) % Self.couponAlphabet.count] }
        return prefix + "-" + String(characters)
    }

    /// The 32 characters of coupon codes: upper-case letters and digits without 0, O, 1 and I,
    /// which are easily confused when a code is read aloud or typed from a printout.
    public static let couponAlphabet = Array("ABCDEFGHJKLMNPQRSTUVWXYZ23456789")

    /// The characters after the prefix's dash: 10 from 32 (50 bits), short enough to type and long
    /// enough that guessing one of a campaign's 100,000 codes takes about 11 billion tries.
    public static let couponCodeLength = 10

    /// The left part of a delivery's Message-ID: the same for every attempt of one occurrence, so a
    /// preview's .eml, a retry and the ledger all name the same message (`ks.` and 32 hex digits).
    public func messageIDLocalPart(customerID: String, campaignID: String, occurrence: String) -> String {
        "ks." + mac(["message-id", customerID, campaignID, occurrence]).prefix(16).map { byte in
            let digits = Array("0123456789abcdef")
            return String([digits[Int(byte >> 4)], digits[Int(byte & 0x0F)]])
        }.joined()
    }

    /// The signature of a bounce address (``EnvelopeSender``): 10 characters of `a–z` and `2–7`
    /// (50 bits) over the delivery's ledger id and Message-ID, lower-case because some mail
    /// systems lower-case the addresses they bounce to.
    public func bounceSignature(deliveryID: Int64, messageID: String) -> String {
        String(mac(["verp", String(deliveryID), messageID]).prefix(10).map { Self.signatureAlphabet[Int($0) % 32] })
    }

    private static let signatureAlphabet = Array("abcdefghijklmnopqrstuvwxyz234567")

    /// HMAC-SHA256 over the parts, each preceded by its length so that no two lists collide.
    private func mac(_ parts: [String]) -> [UInt8] {
        var message: [UInt8] = []
        for part in parts {
            let bytes = Array(part.utf8)
            message += withUnsafeBytes(of: UInt32(bytes.count).bigEndian, Array.init) + bytes
        }
        var code = keyed
        code.update(data: message)
        return Array(code.finalize())
    }

    private static func base64URL(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}
