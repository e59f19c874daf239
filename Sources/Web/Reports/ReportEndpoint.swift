import Calendars
import Configuration
import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import Reports
import Store

/// `/report?from=YYYY-MM-DD&to=YYYY-MM-DD&locale=en|fa|ar`: the HTML report of `keepsake report`.
///
/// A request straight from loopback (127.0.0.0/8, ::1) without `X-Forwarded-For` is answered as it
/// is. Any other (another machine, or anything through a reverse proxy, which adds the header)
/// needs the token of `web.report_token_file`, as `Authorization: Bearer TOKEN` or `?token=TOKEN`;
/// without a configured token, or with a missing or wrong one, the answer is the listener's 404
/// for unknown paths, so the page's existence is not revealed. Tokens are compared through their
/// SHA-256 digests with a comparison that reads every byte, so the time taken says nothing about
/// how much of a guess was right. Without `from` and `to`, the 30 days up to yesterday (UTC).
public struct ReportEndpoint: Sendable {
    let store: KeepsakeStore
    let token: String?
    /// The win-back campaigns of the campaign files in force.
    let winBackCampaigns: @Sendable () -> Set<String>
    let now: @Sendable () -> Date

    public init(store: KeepsakeStore, token: String?, winBackCampaigns: @escaping @Sendable () -> Set<String>, now: @escaping @Sendable () -> Date) {
        self.store = store
        self.token = token
        self.winBackCampaigns = winBackCampaigns
        self.now = now
    }

    func respond(to request: Request, peer: IPAddress?) -> Response {
        guard isAllowed(request, peer: peer) else { return WebResponses.notFound }
        let query = request.uri.queryParameters
        let today = LocalDate(now(), in: TimeZone(identifier: "UTC")!)
        guard let from = query["from"].map({ try? LocalDate(parsing: $0) }) ?? today.adding(days: -30),
              let to = query["to"].map({ try? LocalDate(parsing: $0) }) ?? today.adding(days: -1) else {
            return WebResponses.refusal(.badRequest, "Bad request: write from and to as YYYY-MM-DD, such as ?from=2026-03-01&to=2026-03-31")
        }
        guard from <= to else { return WebResponses.refusal(.badRequest, "Bad request: to is before from") }
        guard let locale = ReportLocale(rawValue: query["locale"].map(String.init) ?? "en") else {
            return WebResponses.refusal(.badRequest, "Bad request: locale is en, fa or ar")
        }
        do {
            try ReportRequestError.check(days: from...to, churnDays: ReportRequest.defaultChurnDays)
        } catch {
            return WebResponses.refusal(.badRequest, "Bad request: \(error)")
        }
        do {
            let html = try ReportHTML()
            let report = try ReportBuilder(store: store).build(
                ReportRequest(days: from...to, locale: locale, winBackCampaigns: winBackCampaigns()))
            var response = WebResponses.text(html.page(report, locale: locale), status: .ok, contentType: "text/html; charset=utf-8")
            // The page's own inline script and style only; nothing is fetched.
            response.headers[.contentSecurityPolicy] =
                "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'"
            response.headers[.referrerPolicy] = "no-referrer"
            return response
        } catch {
            return WebResponses.refusal(.serviceUnavailable, "The report cannot be made: \(error)")
        }
    }

    /// Loopback without `X-Forwarded-For`, or the right token.
    func isAllowed(_ request: Request, peer: IPAddress?) -> Bool {
        let forwarded = request.headers[.xForwardedFor] != nil
        if !forwarded, let peer, Self.isLoopback(peer) { return true }
        guard let token else { return false }
        let authorization = request.headers[.authorization] ?? ""
        let given = authorization.hasPrefix("Bearer ") ? String(authorization.dropFirst(7))
            : request.uri.queryParameters["token"].map(String.init) ?? ""
        return Self.sameToken(given, token)
    }

    /// Whether two tokens are equal, in a time that depends on neither.
    static func sameToken(_ given: String, _ expected: String) -> Bool {
        let left = Array(SHA256.hash(data: Data(given.utf8)))
        let right = Array(SHA256.hash(data: Data(expected.utf8)))
        var difference: UInt8 = 0
        for index in 0..<left.count { difference |= left[index] ^ right[index] }
        return difference == 0
    }

    static func isLoopback(_ address: IPAddress) -> Bool {
        let plain = address.unmapped
        if plain.isIPv6 { return plain.bytes == [UInt8](repeating: 0, count: 15) + [1] }
        return plain.bytes[0] == 127
    }
}
