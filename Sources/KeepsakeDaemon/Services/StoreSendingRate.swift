import Foundation
import SMTP
import Store

/// The send slots of one relay, kept in the store the daemons share (`relay_send_slots`): every
/// daemon sending through the relay takes its slots there, so together they keep to `smtp.rate`.
/// A daemon alone takes every slot and sends at the rate, as before.
struct StoreSendingRate: SharedSendingRate {
    let store: KeepsakeStore
    /// The relay, as `host:port`: daemons configured with the same relay share its slots.
    let relay: String

    /// The slots of the relay `smtp` names, in `store`.
    init(store: KeepsakeStore, relay smtp: SMTPConfiguration) {
        self.store = store
        self.relay = "\(smtp.host.lowercased()):\(smtp.port)"
    }

    func reserve(count: Int, spacing: Duration) async throws -> Duration {
        let now = Date()
        let seconds = Double(spacing.components.seconds) + Double(spacing.components.attoseconds) * 1e-18
        let first = try await store.reserveSendSlots(relay: relay, count: count, spacing: seconds, now: now)
        return .seconds(max(0, first.timeIntervalSince(now)))
    }
}
