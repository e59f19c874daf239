import Configuration
import Foundation
import Hummingbird
import NIOCore
import Mail
import Store

extension UnsubscribeEndpoint {
    /// What follows the token in the preference centre's address.
    static let preferencesSuffix = "/preferences"

    /// `POST /u/TOKEN/preferences`: records the choices and answers with the confirmation page.
    func preferences(_ request: Request, token: Substring, peer: IPAddress?) async throws -> Response {
        guard request.method == .post else { return WebResponses.methodNotAllowed(allow: "POST") }
        if let length = request.headers[.contentLength].flatMap(Int.init), length > PreferenceForm.maximumBodySize {
            return WebResponses.preferencesTooLarge
        }
        guard let target = tokens.unsubscribeTarget(ofToken: token) else { return WebResponses.notFound }
        guard let body = try await Self.body(of: request, upTo: PreferenceForm.maximumBodySize) else {
            return WebResponses.preferencesTooLarge
        }
        let choices: PreferenceChoices
        do {
            choices = try PreferenceForm.choices(
                Array(buffer: body), contentType: request.headers[.contentType], topics: content().topics.map(\.id))
        } catch {
            return WebResponses.refusal(.badRequest, "Bad request: \(error.message)")
        }
        let ip = clientAddress.client(peer: peer, forwardedFor: request.headers[values: .xForwardedFor])
        return try await OwnThread.run { [self] in try record(choices, for: target, ip: ip) }
    }

    /// Writes the choices (nothing when they are already there) and makes the confirmation page.
    private func record(_ choices: PreferenceChoices, for target: UnsubscribeTarget, ip: String?) throws -> Response {
        let outcome = try store.recordPreferences(
            customerID: target.customerID, choices, ip: ip, reference: "campaign \(target.campaignID)",
            occurredAt: now(), recordedBy: "keepsake run")
        switch outcome {
        case .recorded(_, let events):
            if choices.leaveEverything, !events.isEmpty { DaemonMetrics.countUnsubscribe() }
            logger.notice("preferences saved", metadata: [
                "customer": "\(target.customerID)", "campaign": "\(target.campaignID)",
                "consent_events": "\(events.map(String.init).joined(separator: ","))",
            ])
        case .unknownCustomer:
            logger.info("preferences for a customer no longer in the store; nothing to record", metadata: [
                "customer": "\(target.customerID)", "campaign": "\(target.campaignID)",
            ])
        }
        return WebResponses.html(try page(for: target).html(choices.leaveEverything ? .done : .saved), status: .ok)
    }

    /// The customer's consent now, to show what they keep.
    func consent(of target: UnsubscribeTarget) throws -> CustomerConsent? {
        try store.readForPlanning { reader in
            guard let customer = try reader.customers(ids: [target.customerID])[target.customerID] else { return nil }
            return try reader.consentView(of: [customer])[customer.id]
        }
    }
}

extension WebResponses {
    /// 413 for a preference form over ``PreferenceForm/maximumBodySize``.
    static let preferencesTooLarge = refusal(
        .contentTooLarge, "Request body too large: the preference form is at most \(PreferenceForm.maximumBodySize) bytes")
}
