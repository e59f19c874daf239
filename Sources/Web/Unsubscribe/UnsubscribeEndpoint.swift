import Calendars
import Configuration
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import Logging
import Mail
import Store

/// `/u/TOKEN`: RFC 8058 one-click unsubscribe.
///
/// - `POST` with the form `List-Unsubscribe=One-Click` withdraws the consent of the token's
///   customer (a consent-ledger event: source `one-click unsubscribe`, the client's IP, the time,
///   reference `campaign ID`) and answers 200 with the confirmation page: no redirect, no
///   cookie, no login. Repeating it answers the same and writes nothing more.
/// - `GET` (and `HEAD`) shows the page in the customer's language: the preference centre's form
///   (``PreferencePage``, posting to `/u/TOKEN/preferences`), then one button that POSTs the
///   one-click form to the same link.
/// - `POST /u/TOKEN/preferences` records the choices (``PreferenceForm``) as consent-ledger events
///   with source `preference centre` and answers 200 with a confirmation; a body over 8 KiB gets
///   413, a malformed one 400 naming the field; a repeated choice writes nothing.
/// - A token this secret did not make — forged, truncated, altered, another customer's id with
///   someone's signature — gets 404 with the same body as any unknown path.
public struct UnsubscribeEndpoint: Sendable {
    let tokens: LinkTokens
    let store: KeepsakeStore
    /// `unsubscribe.base_url`: the page's form posts to the link under it, as the message showed it.
    let baseURL: URL?
    let clientAddress: ClientAddress
    /// The texts and names from the campaign files in force.
    let content: @Sendable () -> UnsubscribeContent
    /// The daemon's clock (the system's, or `--now`'s time-warp).
    let now: @Sendable () -> Date
    let logger: Logger

    /// An endpoint verifying tokens with `tokens`, writing to `store`.
    public init(
        tokens: LinkTokens, store: KeepsakeStore, baseURL: URL?, trustedProxies: [IPNetwork],
        content: @escaping @Sendable () -> UnsubscribeContent, now: @escaping @Sendable () -> Date, logger: Logger
    ) {
        self.tokens = tokens
        self.store = store
        self.baseURL = baseURL
        self.clientAddress = ClientAddress(trustedProxies: trustedProxies)
        self.content = content
        self.now = now
        self.logger = logger
    }

    /// The answer to a request for `/u/<token>`.
    func respond(to request: Request, token: Substring, peer: IPAddress?) async throws -> Response {
        if token.hasSuffix(Self.preferencesSuffix) {
            return try await preferences(request, token: token.dropLast(Self.preferencesSuffix.count), peer: peer)
        }
        switch request.method {
        case .get, .head:
            guard let target = tokens.unsubscribeTarget(ofToken: token) else { return WebResponses.notFound }
            let token = String(token)
            return try await OwnThread.run { [self] in
                let page = try page(for: target)
                let form = PreferencePage(
                    topics: content().topics, consent: try consent(of: target),
                    action: (baseURL == nil ? token : link(token[...])) + Self.preferencesSuffix)
                return WebResponses.html(page.html(.preferences(form, action: link(token[...]))), status: .ok)
            }
        case .post:
            if let length = request.headers[.contentLength].flatMap(Int.init), length > OneClickForm.maximumBodySize {
                return WebResponses.tooLarge
            }
            guard let target = tokens.unsubscribeTarget(ofToken: token) else { return WebResponses.notFound }
            guard let body = try await Self.body(of: request, upTo: OneClickForm.maximumBodySize) else {
                return WebResponses.tooLarge
            }
            do {
                try OneClickForm.check(Array(buffer: body), contentType: request.headers[.contentType])
            } catch {
                return WebResponses.refusal(.badRequest, "Bad request: \(error.message)")
            }
            let ip = clientAddress.client(peer: peer, forwardedFor: request.headers[values: .xForwardedFor])
            return try await OwnThread.run { [self] in
                try unsubscribe(target, ip: ip)
                return WebResponses.html(try page(for: target).html(.done), status: .ok)
            }
        default:
            return WebResponses.methodNotAllowed(allow: "GET, HEAD, POST")
        }
    }

    /// The request's body, or nil when it is longer than `limit` bytes.
    static func body(of request: Request, upTo limit: Int) async throws -> ByteBuffer? {
        var request = request
        do {
            return try await request.collectBody(upTo: limit)
        } catch is NIOTooManyBytesError {
            return nil
        }
    }

    /// Writes the revocation, or nothing when it is already there.
    private func unsubscribe(_ target: UnsubscribeTarget, ip: String?) throws {
        let outcome = try store.revokeByOneClick(
            customerID: target.customerID, ip: ip, reference: "campaign \(target.campaignID)", occurredAt: now(),
            recordedBy: "keepsake run")
        switch outcome {
        case .revoked(_, let event):
            DaemonMetrics.countUnsubscribe()
            logger.notice("unsubscribed", metadata: [
                "customer": "\(target.customerID)", "campaign": "\(target.campaignID)", "consent_event": "\(event)",
            ])
        case .alreadyOptedOut:
            logger.info("unsubscribe repeated; consent was already withdrawn", metadata: [
                "customer": "\(target.customerID)", "campaign": "\(target.campaignID)",
            ])
        case .unknownCustomer:
            logger.info("unsubscribe for a customer no longer in the store; nothing to record", metadata: [
                "customer": "\(target.customerID)", "campaign": "\(target.campaignID)",
            ])
        }
    }

    /// The page for the token's customer, in their language, calendar and zone.
    func page(for target: UnsubscribeTarget) throws -> UnsubscribePage {
        let content = content()
        let customer = try store.readForPlanning { reader in try reader.customers(ids: [target.customerID]) }[target.customerID]
        let zone = customer?.timeZone.flatMap(TimeZone.init(identifier:)) ?? content.defaultTimeZone
        return UnsubscribePage(
            pages: content.pages, customerLocale: customer?.locale, shop: content.shop,
            email: customer?.email.description, campaign: content.campaignNames[target.campaignID] ?? target.campaignID,
            today: LocalDate(now(), in: zone), calendar: customer?.calendar ?? .gregorian)
    }

    /// The link the message carried (so the form posts where the browser already is), or, without
    /// `unsubscribe.base_url`, the page's own address.
    func link(_ token: Substring) -> String {
        guard let baseURL else { return "" }
        var base = baseURL.absoluteString
        if base.hasSuffix("/") { base.removeLast() }
        return base + "/u/" + token
    }
}

extension HTTPField.Name {
    /// `X-Forwarded-For`, set by reverse proxies.
    static let xForwardedFor = HTTPField.Name("X-Forwarded-For")!
}
