import Mail
import Store

/// Checks the signature of a token Keepsake wrote (a VERP address, a mailto unsubscribe
/// address) against the ledger row it names. The daemon passes its `EnvelopeSender`, so the
/// processing path needs no link secret of its own.
public protocol DeliverySignatureCheck: Sendable {
    /// Whether `signature` is the one Keepsake made for `delivery` (compared in constant time).
    func isAuthentic(signature: String, for delivery: LedgerDelivery) -> Bool
}

/// What a report is tied to: a delivery of the send ledger, or nothing, with the reason.
enum TieOutcome: Sendable {
    case delivery(LedgerDelivery)
    case unverified(String)
}

/// Ties a report to its delivery: by the VERP token of the address it came back to, its
/// signature verified against the ledger row it names; failing a token, by the Message-ID of the
/// returned message, looked up in the send ledger (only Keepsake's own messages are there). A
/// token whose signature does not match ties to nothing, whatever Message-ID the report quotes.
struct DeliveryTie: Sendable {
    let store: KeepsakeStore
    let signatures: any DeliverySignatureCheck

    func tie(_ reference: DeliveryReference) throws -> TieOutcome {
        if let token = reference.verp {
            return try tie(deliveryID: token.deliveryID, signature: token.signature, naming: "the VERP address \(token.address)")
        }
        guard let messageID = reference.originalMessageID else {
            return .unverified("it names no delivery: no VERP address and no Message-ID of the returned message")
        }
        guard let delivery = try store.delivery(messageID: messageID) else {
            return .unverified("the returned message \(messageID) is not one Keepsake sent")
        }
        return .delivery(delivery)
    }

    /// Ties the token of a mailto unsubscribe address (`ID-SIGNATURE`, the VERP token's format).
    func tie(unsubscribeToken token: String?) throws -> TieOutcome {
        guard let token, let parsed = VERPTokenText.parse(Substring(token.lowercased())) else {
            return .unverified("the unsubscribe request carries no token of Keepsake's (\(token ?? "none")): it cannot be tied to a customer")
        }
        return try tie(deliveryID: parsed.deliveryID, signature: parsed.signature, naming: "the unsubscribe token \(token)")
    }

    private func tie(deliveryID: Int64, signature: String, naming what: String) throws -> TieOutcome {
        guard let delivery = try store.delivery(id: deliveryID) else {
            return .unverified("\(what) names delivery \(deliveryID), which the send ledger does not hold")
        }
        guard signatures.isAuthentic(signature: signature, for: delivery) else {
            return .unverified("the signature of \(what) does not match delivery \(deliveryID): forged, altered, or from another store")
        }
        return .delivery(delivery)
    }
}
