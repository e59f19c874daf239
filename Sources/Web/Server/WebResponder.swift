import Configuration
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import Prometheus
import Store

/// The listener's routes: `/u/TOKEN` (one-click unsubscribe), `/metrics` (Prometheus text),
/// `/healthz` and `/report` (``ReportEndpoint``). Anything else is 404 with the same body as a bad token.
/// Every route's store reads and writes run on ``OwnThread``, never on the cooperative pool.
struct WebResponder: HTTPResponder {
    typealias Context = WebRequestContext

    let unsubscribe: UnsubscribeEndpoint
    /// The registry `/metrics` prints; nil when the process has no metrics system.
    let metrics: PrometheusCollectorRegistry?
    let health: HealthCheck
    /// `/report`, when the daemon serves it.
    let report: ReportEndpoint?
    let store: KeepsakeStore
    let logger: Logger

    func respond(to request: Request, context: WebRequestContext) async throws -> Response {
        let path = request.uri.path
        let (route, response): (String, Response)
        if path.hasPrefix("/u/") {
            route = "unsubscribe"
            response = try await unsubscribe.respond(
                to: request, token: path.dropFirst(3), peer: context.peer)
        } else if path == "/metrics" {
            route = "metrics"
            response = try await readOnly(request) { [self] in metricsResponse() }
        } else if path == "/report", let report {
            route = "report"
            let peer = context.peer
            response = try await readOnly(request) { report.respond(to: request, peer: peer) }
        } else if path == "/healthz" {
            route = "healthz"
            response = try await readOnly(request) { [self] in healthResponse() }
        } else {
            route = "other"
            response = WebResponses.notFound
        }
        DaemonMetrics.countRequest(route: route, status: response.status.code)
        if response.status.code >= 400 {
            logger.debug("request refused", metadata: [
                "method": "\(request.method)", "route": "\(route)", "status": "\(response.status.code)",
            ])
        }
        return request.method == .head ? Response(status: response.status, headers: response.headers) : response
    }

    /// A read-only route's answer, made on ``OwnThread`` (it reads the store); 405 for anything but
    /// GET and HEAD.
    private func readOnly(_ request: Request, _ answer: @escaping @Sendable () -> Response) async throws -> Response {
        guard request.method == .get || request.method == .head else { return WebResponses.methodNotAllowed(allow: "GET, HEAD") }
        return try await OwnThread.run(answer)
    }

    private func metricsResponse() -> Response {
        guard let metrics else { return WebResponses.text("# no metrics system in this process\n", status: .ok) }
        do {
            try DaemonMetrics.refreshWaiting(from: store)
            try DaemonMetrics.refreshAlarms(from: store, health: health)
            try CampaignRateMetrics.refresh(from: store, now: health.now())
        } catch {
            logger.warning("metrics: the store does not answer; the gauges read from it keep their last values", metadata: [
                "error": "\(error)",
            ])
        }
        return Response(
            status: .ok,
            headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8", .cacheControl: "no-store"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: metrics.emitToBuffer())))
    }

    private func healthResponse() -> Response {
        let report = health.check()
        if !report.healthy { logger.warning("health check failed", metadata: ["reason": "\(report.reason)"]) }
        return WebResponses.text(report.reason + "\n", status: report.healthy ? .ok : .serviceUnavailable)
    }
}

/// Hummingbird's per-request context, with the connection's peer address.
struct WebRequestContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    /// The address of the other end of the connection (a reverse proxy, or the client itself).
    let peer: IPAddress?

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        peer = source.channel.remoteAddress?.ipAddress.flatMap(IPAddress.init)
    }
}
