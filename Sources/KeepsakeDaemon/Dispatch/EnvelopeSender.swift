import Foundation
import Mail
import SMTP
import Store

/// Per-delivery envelope senders (VERP, `sender.verp: true`): each message's MAIL FROM — and so
/// the Return-Path the receiving server writes, and the address any bounce comes back to — names
/// its delivery, such as `bounces+48213-k3m5x2q7ab@shop.example` for `sender.envelope_from:
/// bounces@shop.example`.
///
/// The part after `+` is the delivery's send-ledger id, a dash, and a signature
/// (``LinkTokens/bounceSignature(deliveryID:messageID:)``: 50 bits of an HMAC under the operator's
/// secret over the id and the delivery's Message-ID). Only digits, lower-case letters and one
/// dash, so the address survives mail systems that lower-case it; the local part stays within
/// RFC 5321's 64 octets when `envelope_from`'s is at most ``maximumBaseLocalPartLength``.
///
/// ```swift
/// let sender = try EnvelopeSender(base: EmailAddress("bounces@shop.example"), tokens: tokens)
/// sender.address(for: delivery)                       // "bounces+48213-k3m5x2q7ab@shop.example"
/// try sender.delivery(bouncedTo: address, in: store)  // the ledger row, or nil when forged
/// ```
///
/// The relay or MX of `envelope_from`'s domain must deliver these addresses to the bounce
/// mailbox: a recipient delimiter `+` (Postfix `recipient_delimiter = +`) or a catch-all.
public struct EnvelopeSender: Sendable {
    /// The operator's `sender.envelope_from`, such as `bounces@shop.example`.
    public let base: EmailAddress
    let tokens: LinkTokens

    /// What separates `envelope_from`'s local part from the token.
    public static let delimiter: Character = "+"
    /// The longest token: a ledger id of up to 19 digits, a dash and a 10-character signature.
    public static let maximumTokenLength = 19 + 1 + 10
    /// The longest `envelope_from` local part that leaves room for `+` and the longest token
    /// within RFC 5321's 64 octets.
    public static let maximumBaseLocalPartLength = 64 - 1 - maximumTokenLength

    /// Per-delivery senders under `base`, signed with the secret of `tokens`.
    ///
    /// - Throws: ``SMTPConfigurationError`` `invalidEnvelope` when `base`'s local part already
    ///   holds a `+` (the relay would split the address at the wrong place) or is too long.
    public init(base: EmailAddress, tokens: LinkTokens) throws(SMTPConfigurationError) {
        if base.localPart.contains(Self.delimiter) {
            throw SMTPConfigurationError(
                .invalidEnvelope,
                "\(base) already holds a \"+\"; VERP adds +TOKEN to the envelope sender, so give an address without one, such as bounces@\(base.domain)")
        }
        if base.localPart.utf8.count > Self.maximumBaseLocalPartLength {
            throw SMTPConfigurationError(
                .invalidEnvelope,
                "the local part of \(base) has \(base.localPart.utf8.count) characters; with VERP's +TOKEN it may have at most \(Self.maximumBaseLocalPartLength)")
        }
        self.base = base
        self.tokens = tokens
    }

    /// The envelope sender of one recorded delivery: `LOCAL+ID-SIGNATURE@DOMAIN`.
    public func address(for delivery: LedgerDelivery) -> String {
        "\(base.localPart)+\(token(deliveryID: delivery.id, messageID: delivery.messageID))@\(base.domain)"
    }

    /// The token of the delivery's `List-Unsubscribe` mailto address (`unsubscribe+TOKEN@domain`):
    /// the same `ID-SIGNATURE` as its envelope sender, which Inbound reads back from either.
    public func mailtoToken(for delivery: LedgerDelivery) -> String {
        token(deliveryID: delivery.id, messageID: delivery.messageID)
    }

    /// The part after `+`: `ID-SIGNATURE`.
    func token(deliveryID: Int64, messageID: String) -> String {
        "\(deliveryID)-\(tokens.bounceSignature(deliveryID: deliveryID, messageID: messageID))"
    }

    /// The delivery a bounce address names, checked against the send ledger: nil when the address
    /// is not one of this sender's, names no ledger row, or carries a signature that does not match
    /// that row's id and Message-ID (made up, altered, or made by a store since restored from an
    /// older backup, whose ids now name other deliveries).
    public func delivery(bouncedTo address: String, in store: KeepsakeStore) throws -> LedgerDelivery? {
        guard let token = token(in: address), let delivery = try store.delivery(id: token.deliveryID) else { return nil }
        return isAuthentic(token, for: delivery) ? delivery : nil
    }

    /// Reads a bounce address such as `bounces+48213-k3m5x2q7ab@shop.example` (or `<…>`, in any
    /// case) into the delivery id and signature it carries, without checking the signature; nil
    /// when the address is not `envelope_from`'s local part, `+`, a token and its domain.
    public func token(in address: String) -> BounceToken? {
        var text = address.trimmingCharacters(in: .whitespaces).lowercased()
        if text.hasPrefix("<"), text.hasSuffix(">") { text = String(text.dropFirst().dropLast()) }
        guard let at = text.lastIndex(of: "@"), text[text.index(after: at)...] == base.domain.lowercased() else { return nil }
        let local = text[..<at]
        let prefix = base.localPart.lowercased() + String(Self.delimiter)
        guard local.hasPrefix(prefix) else { return nil }
        guard let token = VERPTokenText.parse(local.dropFirst(prefix.count)) else { return nil }
        return BounceToken(deliveryID: token.deliveryID, signature: token.signature)
    }

    /// Whether `token` is the one this sender made for `delivery`, compared in constant time.
    public func isAuthentic(_ token: BounceToken, for delivery: LedgerDelivery) -> Bool {
        guard token.deliveryID == delivery.id else { return false }
        let expected = Array(tokens.bounceSignature(deliveryID: delivery.id, messageID: delivery.messageID).utf8)
        let given = Array(token.signature.utf8)
        guard expected.count == given.count else { return false }
        return zip(expected, given).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }
}

/// What a bounce address carries, read back by ``EnvelopeSender/token(in:)``.
public struct BounceToken: Hashable, Sendable {
    /// The send-ledger id it names.
    public let deliveryID: Int64
    /// Its signature, lower-case.
    public let signature: String

    public init(deliveryID: Int64, signature: String) {
        self.deliveryID = deliveryID
        self.signature = signature
    }
}
