import Crypto
import Foundation

/// Per-recipient unsubscribe links and coupon codes, derived with HMAC-SHA256 from the operator's
/// secret: stable across retries and previews (the same customer, campaign and occurrence always
/// give the same link and code), and impossible to guess without the secret.
///
/// The one-click unsubscribe token, and its verification by the daemon's listener, are in
/// UnsubscribeToken.swift.
public struct LinkTokens: Sendable {
    /// An HMAC already keyed with the secret: copying it skips the key schedule on every link.
    let keyed: HMAC<SHA256>
    /// The secret itself, for verifying with swift-crypto's constant-time check.
    let key: SymmetricKey

    /// Tokens under `secret` (`unsubscribe.secret_file`).
    public init(secret: [UInt8]) {
        key = SymmetricKey(data: secret)
        keyed = HMAC<SHA256>(key: key)
    }

    /// The one-click link under `baseURL`: `https://shop.example/keepsake/u/TOKEN`. Preview,
    /// send-test and the daemon all make their links here, and the daemon's listener answers them.
    public func unsubscribeURL(base baseURL: URL, customerID: String, campaignID: String) -> URL {
        var base = baseURL.absoluteString
        if base.hasSuffix("/") { base.removeLast() }
        return URL(string: base + "/u/" + unsubscribeToken(customerID: customerID, campaignID: campaignID))!
    }

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
        Hexadecimal.lowercase(mac(["message-id", customerID, campaignID, occurrence]).prefix(16), prefix: "ks.")
    }

    /// The signature of a bounce address (``EnvelopeSender``): 10 characters of `a–z` and `2–7`
    /// (50 bits) over the delivery's ledger id and Message-ID, lower-case because some mail
    /// systems lower-case the addresses they bounce to.
    public func bounceSignature(deliveryID: Int64, messageID: String) -> String {
        String(mac(["verp", String(deliveryID), messageID]).prefix(10).map { Self.signatureAlphabet[Int($0) % 32] })
    }

    private static let signatureAlphabet = Array("abcdefghijklmnopqrstuvwxyz234567")

    /// HMAC-SHA256 over the parts, each preceded by its length so that no two lists collide.
    func mac(_ parts: [String]) -> [UInt8] {
        var code = keyed
        code.update(data: Self.lengthPrefixed(parts))
        return Array(code.finalize())
    }

    /// The parts, each preceded by its UTF-8 length (4 bytes, big-endian).
    static func lengthPrefixed(_ parts: [String]) -> [UInt8] {
        var message: [UInt8] = []
        for part in parts {
            let bytes = Array(part.utf8)
            message += withUnsafeBytes(of: UInt32(bytes.count).bigEndian, Array.init) + bytes
        }
        return message
    }
}
