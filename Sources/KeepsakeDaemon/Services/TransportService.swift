import Logging
import ServiceLifecycle

/// Owns the daemon's SMTP transports, so that the service group controls their lifetime: it
/// waits until the group stops — a graceful shutdown, or a sibling service that threw and
/// cancelled the group — then closes the current transport and any a reload replaced (the
/// connections say QUIT, the sender threads end).
///
/// Give it a place before the tick service in the group's list: a graceful shutdown stops the
/// services in reverse order, so the ticks finish the messages in flight before the transport
/// closes.
struct TransportService: Service {
    let state: DaemonState
    let logger: Logger

    func run() async throws {
        // Returns on a graceful shutdown, throws CancellationError when the group is cancelled:
        // the transports are closed either way.
        try? await gracefulShutdown()
        await state.closeTransports()
        logger.debug("smtp transports closed")
    }
}
