import Foundation
import Mail

/// What a one-click unsubscribe did.
public enum OneClickOutcome: Hashable, Sendable {
    /// A consent event withdrew the address's consent; its ledger sequence.
    case revoked(email: String, event: Int64)
    /// The address had already withdrawn (or never given) consent: nothing was written.
    case alreadyOptedOut(email: String)
    /// The customer is not in the store (deleted or forgotten): nobody to write to, nothing written.
    case unknownCustomer
}

extension KeepsakeStore {
    /// The source of every one-click unsubscribe event in the consent ledger.
    public static let oneClickSource = "one-click unsubscribe"

    /// Withdraws the consent of customer `customerID`'s address because the person used the
    /// one-click link of a message: an `opted_out` event with source ``oneClickSource``, the IP,
    /// and `reference` (such as `campaign birthday`), attached to that customer — in one
    /// transaction with the lookup of the address.
    ///
    /// A revocation is never lost to a clock (``ImportSession/withdrawConsent(email:customerID:source:ip:reference:occurredAt:)``).
    public func revokeByOneClick(
        customerID: String, ip: String?, reference: String, occurredAt: Date, recordedBy: String
    ) throws -> OneClickOutcome {
        try importSession(commit: true, recordedBy: recordedBy) { session in
            guard let stored = try session.connection.value(String.self, sql: "SELECT email FROM customers WHERE id = ?", arguments: [customerID]),
                let email = try? EmailAddress(stored)
            else { return .unknownCustomer }
            switch try session.withdrawConsent(
                email: email, customerID: customerID, source: Self.oneClickSource, ip: ip, reference: reference,
                occurredAt: occurredAt) {
            case .recorded:
                return .revoked(email: stored, event: session.context.chainHead?.sequence ?? 0)
            case .unchanged, .olderThanLedger:
                return .alreadyOptedOut(email: stored)
            case .refusedForgotten:
                return .unknownCustomer
            }
        }
    }
}

extension ImportSession {
    /// Withdraws the consent of `email`: an `opted_out` event with `source`, `ip` and `reference`.
    ///
    /// A revocation is never lost to a clock: if the address's latest event is dated after
    /// `occurredAt` (a consent imported with a future date), the event takes that date, so that it
    /// is the latest; `recorded_at` keeps the true time.
    func withdrawConsent(
        email: EmailAddress, customerID: String?, source: String, ip: String?, reference: String, occurredAt: Date
    ) throws -> ConsentOutcome {
        let latest = try connection.value(String.self, sql: "SELECT occurred_at FROM consent_events WHERE email_digest = ? AND preference IS NULL ORDER BY sequence DESC LIMIT 1",
            arguments: [context.digests.digest(email)]
        ).flatMap(StoredText.date)
        let observation = ConsentObservation(
            status: .optedOut, occurredAt: max(occurredAt, latest ?? occurredAt), source: source, ip: ip, reference: reference)
        return try observeConsent(observation, email: email, customerID: customerID)
    }
}
