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
