import Foundation
import SMTP
import Synchronization
import Web

/// The campaign files in force, what the unsubscribe page shows from them, and the sending setup
/// built from the configuration; swapped whole by a reload.
///
/// A reload's new setup brings a new transport. The one it replaces may still carry a tick's
/// messages, so it is kept until ``closeReplacedTransports()`` (called between ticks) or
/// ``closeTransports()`` (when the daemon stops) closes it.
final class DaemonState: Sendable {
    private struct Current {
        var files: CampaignFiles
        var unsubscribe: UnsubscribeContent
        var setup: SendingSetup
        /// Transports of setups a reload replaced, not closed yet.
        var replaced: [SMTPTransport] = []
    }

    private let current: Mutex<Current>

    init(files: CampaignFiles, unsubscribe: UnsubscribeContent, setup: SendingSetup) {
        current = Mutex(Current(files: files, unsubscribe: unsubscribe, setup: setup))
    }

    var files: CampaignFiles { current.withLock { $0.files } }

    var unsubscribe: UnsubscribeContent { current.withLock { $0.unsubscribe } }

    /// The setup the next tick sends with (the tick in progress keeps the one it started with).
    var setup: SendingSetup { current.withLock { $0.setup } }

    func replace(with files: CampaignFiles, unsubscribe: UnsubscribeContent, setup: SendingSetup) {
        current.withLock { state in
            if state.setup.transport !== setup.transport { state.replaced.append(state.setup.transport) }
            state.files = files
            state.unsubscribe = unsubscribe
            state.setup = setup
        }
    }

    /// Closes the transports reloads replaced. Call it only while no tick runs.
    func closeReplacedTransports() async {
        let replaced = current.withLock { state in
            defer { state.replaced = [] }
            return state.replaced
        }
        for transport in replaced { await transport.shutdown() }
    }

    /// Closes every transport, the current one too: the daemon is stopping.
    func closeTransports() async {
        await closeReplacedTransports()
        await setup.transport.shutdown()
    }
}
