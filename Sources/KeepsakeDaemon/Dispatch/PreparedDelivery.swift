import Foundation
import Scheduler
import SMTP
import Store

/// A waiting delivery made ready for the relay before it is claimed: its message composed and its
/// envelope built, or the reason it cannot be sent (recorded as `failed` once claimed).
struct PreparedDelivery: Sendable {
    /// Why a delivery cannot go to the relay, and at which step.
    struct Failure: Sendable {
        var reason: String
        var stage: String
    }

    /// The message's bytes; empty when it could not be composed.
    private(set) var bytes: [UInt8] = []
    /// MAIL FROM and RCPT TO; nil when the delivery has no valid recipient.
    private(set) var envelope: SMTPEnvelope?
    /// Set when the delivery cannot be sent.
    private(set) var failure: Failure?

    init(
        _ delivery: LedgerDelivery, customer: CustomerRecord?, composer: DeliveryComposer, envelopeSender: String,
        mailtoToken: String? = nil
    ) {
        guard let email = delivery.email else {
            failure = Failure(reason: "the delivery has no recipient address", stage: "envelope")
            return
        }
        guard let customer, delivery.customerID == customer.id else {
            failure = Failure(reason: "the customer \(delivery.customerID ?? "?") is no longer in the store", stage: "compose")
            return
        }
        guard customer.email.description.lowercased() == email.lowercased() else {
            // The consent checked and the ledger are about the recorded address: the message would
            // name the new one in To: while the relay delivered it to the old one.
            failure = Failure(
                reason: "the customer's email address changed after this delivery was planned; "
                    + "it was sent to neither address (the next occasion is planned for the new one, with its own consent)",
                stage: "compose")
            return
        }
        do {
            bytes = try composer.compose(delivery, customer: customer, mailtoToken: mailtoToken).bytes
        } catch {
            failure = Failure(reason: "could not compose the message: \(error)", stage: "compose")
            return
        }
        do {
            envelope = try SMTPEnvelope(sender: envelopeSender, recipient: email)
        } catch {
            failure = Failure(reason: error.message, stage: "envelope")
        }
    }
}
