import Foundation
import Store

/// What `keepsake status` says about the relay's failures and the last reload, read from the
/// store the daemon writes them to: the lines to print, and whether an operator must look.
struct DaemonAlarmLines {
    var lines: [String] = []
    /// True when the relay has not answered for longer than `daemon.relay_alarm`, or the last
    /// reload was refused: `status` exits 2.
    var attention = false

    init(store: KeepsakeStore, now: Date, relayAlarm: Duration) throws {
        if let relay = try store.relayFailure() {
            if relay.isAlarm(at: now, after: relayAlarm) {
                attention = true
                lines.append("RELAY NOT ANSWERING: \(relay.summary(at: now, alarm: relayAlarm))")
            } else {
                lines.append("relay: \(relay.summary(at: now, alarm: relayAlarm))")
            }
        }
        if let refusal = try store.lastReload()?.refusal {
            attention = true
            lines.append("RELOAD REFUSED: \(refusal)")
        }
    }
}
