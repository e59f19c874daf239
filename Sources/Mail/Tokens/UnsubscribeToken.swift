import Crypto
import Foundation

/// Whom a one-click unsubscribe token names: a customer, and the campaign whose message carried it.
public struct UnsubscribeTarget: Hashable, Sendable {
    /// The shop's customer id.
    public let customerID: String
    /// The campaign whose message held the link.
    public let campaignID: String

    /// A target.
    public init(customerID: String, campaignID: String) {
        self.customerID = customerID
        self.campaignID = campaignID
    }
}

extension LinkTokens {
    /// The one-click unsubscribe token of `customerID` for messages of `campaignID`: unpadded
    /// URL-safe base64 of
    ///
    ///     version (1 byte, 1) · customer id length (2 bytes, big-endian) · customer id · campaign id · HMAC (32 bytes)
    ///
    /// where the HMAC is HMAC-SHA256 under the secret over `unsubscribe-link-v1`, the customer id
    /// and the campaign id, each preceded by its length. The token names whom it unsubscribes, so
    /// the listener verifies it without any table (``unsubscribeTarget(ofToken:)``); only the
    /// secret's holder can make one. 67 characters for `c000001` and `birthday`.
    public func unsubscribeToken(customerID: String, campaignID: String) -> String {
        let customer = Array(customerID.utf8)
        // An id over 65,535 bytes would not fit the length field; its link cannot verify (and is
        // refused anyway: List-Unsubscribe links stop at 900 characters).
        let length = UInt16(truncatingIfNeeded: customer.count)
        var code = keyed
        code.update(data: Self.unsubscribeMessage(customerID: customerID, campaignID: campaignID))
        var bytes: [UInt8] = [Self.tokenVersion, UInt8(length >> 8), UInt8(length & 0xFF)]
        bytes += customer
        bytes += campaignID.utf8
        bytes += code.finalize()
        return Self.base64URL(bytes)
    }

    /// Whom a token unsubscribes, or nil when this secret did not make it: malformed, truncated,
    /// extended, spelt another way, forged, or made under another secret. The HMAC is checked
    /// with swift-crypto's `HMAC.isValidAuthenticationCode`, which compares in constant time.
    public func unsubscribeTarget(ofToken token: some StringProtocol) -> UnsubscribeTarget? {
        guard token.utf8.count <= Self.longestToken, let bytes = Self.bytes(ofBase64URL: token),
              bytes.count >= 3 + Self.macLength, bytes[0] == Self.tokenVersion
        else { return nil }
        let customerEnd = 3 + (Int(bytes[1]) << 8 | Int(bytes[2]))
        let idsEnd = bytes.count - Self.macLength
        guard customerEnd <= idsEnd,
              let customerID = String(validating: bytes[3..<customerEnd], as: UTF8.self),
              let campaignID = String(validating: bytes[customerEnd..<idsEnd], as: UTF8.self),
              HMAC<SHA256>.isValidAuthenticationCode(
                  bytes[idsEnd...], authenticating: Self.unsubscribeMessage(customerID: customerID, campaignID: campaignID),
                  using: key)
        else { return nil }
        return UnsubscribeTarget(customerID: customerID, campaignID: campaignID)
    }

    /// The first byte of every token; a later format would take another.
    static let tokenVersion: UInt8 = 1
    /// The HMAC's length in a token: all 32 bytes of SHA-256.
    static let macLength = 32
    /// Longer texts are refused before decoding (a link must fit List-Unsubscribe's 900 characters).
    static let longestToken = 1_024

    /// What a token's HMAC covers.
    private static func unsubscribeMessage(customerID: String, campaignID: String) -> [UInt8] {
        lengthPrefixed(["unsubscribe-link-v1", customerID, campaignID])
    }

    /// Unpadded URL-safe base64 (RFC 4648 §5), written directly: every message makes one.
    static func base64URL(_ bytes: [UInt8]) -> String {
        var output: [UInt8] = []
        output.reserveCapacity((bytes.count * 4 + 2) / 3)
        var index = 0
        while index < bytes.count {
            let available = min(3, bytes.count - index)
            var group = UInt32(bytes[index]) << 16
            if available > 1 { group |= UInt32(bytes[index + 1]) << 8 }
            if available > 2 { group |= UInt32(bytes[index + 2]) }
            for sextet in 0...available {
                output.append(base64URLAlphabet[Int((group >> UInt32(18 - 6 * sextet)) & 0x3F)])
            }
            index += 3
        }
        return String(decoding: output, as: UTF8.self)
    }

    private static let base64URLAlphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)

    /// The bytes of unpadded URL-safe base64, or nil for any other character, for padding, or for
    /// a spelling that is not the canonical one of its bytes (stray bits in the last character):
    /// each token has exactly one spelling.
    private static func bytes(ofBase64URL text: some StringProtocol) -> [UInt8]? {
        let isAlphabet = { (byte: UInt8) in
            (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) || (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
                || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_")
        }
        guard text.utf8.allSatisfy(isAlphabet) else { return nil }
        var standard = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        standard += String(repeating: "=", count: (4 - standard.utf8.count % 4) % 4)
        guard let data = Data(base64Encoded: standard), base64URL(Array(data)) == String(text) else { return nil }
        return Array(data)
    }
}
