import Inbound
import Store

/// The processing path of returned mail checks VERP and mailto unsubscribe tokens with the
/// envelope sender that signed them.
extension EnvelopeSender: DeliverySignatureCheck {
    public func isAuthentic(signature: String, for delivery: LedgerDelivery) -> Bool {
        isAuthentic(BounceToken(deliveryID: delivery.id, signature: signature), for: delivery)
    }
}
