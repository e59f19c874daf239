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

    /// The coupon code of one occurrence: the campaign's prefix, a dash and 8 characters that are
    /// easy to read aloud (no 0/O or 1/I), such as `BDAY-7KQ2M9XD`.
    public func couponCode(prefix: String, customerID: String, campaignID: String, occurrence: String) -> String {
        let alphabet = Array("ABCDEFGHJKLMNPQRSTUVWXYZ23456789")
        let bytes = mac(["coupon", customerID, campaignID, occurrence])
        let characters = bytes.prefix(8).map { alphabet[Int($0) % alphabet.count] }
        return prefix + "-" + String(characters)
    }

    /// The left part of a delivery's Message-ID: the same for every attempt of one occurrence, so a
    /// preview's .eml, a retry and the ledger all name the same message (`ks.` and 32 hex digits).
    public func messageIDLocalPart(customerID: String, campaignID: String, occurrence: String) -> String {
        "ks." + mac(["message-id", customerID, campaignID, occurrence]).prefix(16).map { byte in
            let digits = Array("0123456789abcdef")
            return String([digits[Int(byte >> 4)], digits[Int(byte & 0x0F)]])
        }.joined()
    }

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
