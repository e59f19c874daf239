import Store
import Synchronization

extension ClaimOutcome {
    /// True when the delivery is now `sending` and must go to the relay.
    var isClaimed: Bool {
        if case .claimed = self { true } else { false }
    }
}

/// Set once by any sender to stop the tick taking more deliveries (the relay is unreachable or paused us).
final class StopFlag: Sendable {
    private let flag = Mutex(false)
    var isSet: Bool { flag.withLock { $0 } }
    func set() { flag.withLock { $0 = true } }
}
