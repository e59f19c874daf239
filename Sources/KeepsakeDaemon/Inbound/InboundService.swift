import Foundation
import Logging
import ServiceLifecycle

/// Reads the sources of returned mail every `inbound.poll_interval` and processes what waits:
/// each message committed in the store, then put away by its source. A stop lets the current
/// message finish; the rest waits for the next start.
struct InboundService: Service {
    let setup: InboundSetup
    let interval: Duration
    let now: @Sendable () -> Date
    let logger: Logger

    func run() async throws {
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            _ = await setup.drainAll(now: now, logger: logger)
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
        }
        await setup.shutdown()
    }
}
