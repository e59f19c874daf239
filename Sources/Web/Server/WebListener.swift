import Configuration
import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import Prometheus
import ServiceLifecycle
import Store

/// The daemon's HTTP listener (`unsubscribe.listen`): one-click unsubscribe on `/u/TOKEN`,
/// `/metrics` and `/healthz`, on Hummingbird, as a service of `keepsake run`'s service group.
///
/// Limits against slow or greedy clients: a request must arrive whole within
/// ``requestTimeout`` of the connection opening (or of the previous response), an idle
/// connection is closed after ``requestTimeout``, a request body may hold at most 1 KiB (413), a
/// header line 8 KiB and all headers 16 KiB (400), and at most ``maximumConnections`` connections
/// are open at once (more wait in the kernel's backlog). On a graceful shutdown it stops
/// accepting, finishes the requests in progress, and returns.
public struct WebListener: Service {
    /// Time for a whole request, and the longest idle time of a connection.
    public static let requestTimeout = TimeAmount.seconds(10)
    /// Connections served at once.
    public static let maximumConnections = 256

    let address: ListenAddress
    let responder: WebResponder
    let logger: Logger

    /// A listener on `address` answering with `unsubscribe`, `health` and, when the process
    /// bootstrapped one (``DaemonMetrics/bootstrap()``), the Prometheus registry `metrics`.
    public init(
        address: ListenAddress, unsubscribe: UnsubscribeEndpoint, health: HealthCheck, report: ReportEndpoint? = nil,
        store: KeepsakeStore, metrics: PrometheusCollectorRegistry?, logger: Logger
    ) {
        self.address = address
        self.responder = WebResponder(
            unsubscribe: unsubscribe, metrics: metrics, health: health, report: report, store: store, logger: logger)
        self.logger = logger
    }

    public func run() async throws {
        var decoder = HTTP1Channel.Configuration.DecoderConfiguration()
        decoder.maxHeaderFieldSize = 8 * 1_024
        decoder.maxHeaderListSize = 16 * 1_024
        decoder.maxHeaderFieldCount = 100
        let channel = HTTP1Channel.Configuration(
            additionalChannelHandlers: [RequestDeadlineHandler(limit: Self.requestTimeout)],
            idleTimeout: Self.requestTimeout, httpDecoderConfiguration: decoder)
        var hummingbirdLogger = logger
        hummingbirdLogger.logLevel = max(logger.logLevel, .notice)
        let application = Application(
            responder: responder,
            server: .http1(configuration: channel),
            configuration: ApplicationConfiguration(
                address: .hostname(address.host, port: address.port), serverName: nil,
                availableConnectionsDelegate: .maximum(Self.maximumConnections, logger: hummingbirdLogger)),
            onServerRunning: { [logger, address] channel in
                logger.notice("listening", metadata: [
                    "address": "\(channel.localAddress.map(Self.describe) ?? address.description)",
                    "paths": "/u/TOKEN /metrics /healthz /report",
                ])
            },
            logger: hummingbirdLogger)
        do {
            try await application.run()
        } catch {
            throw ListenerError(
                "unsubscribe.listen \(address): cannot listen: \(error); is another program (or keepsake) using it? "
                    + "Pick a free port, or an address of this machine")
        }
        logger.notice("listener stopped")
    }

    /// `127.0.0.1:8425`, `[::1]:8425`.
    private static func describe(_ address: SocketAddress) -> String {
        guard let ip = address.ipAddress, let port = address.port else { return "\(address)" }
        return ip.contains(":") ? "[\(ip)]:\(port)" : "\(ip):\(port)"
    }
}

/// Why the listener stopped.
public struct ListenerError: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
