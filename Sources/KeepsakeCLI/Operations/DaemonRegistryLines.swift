import Foundation
import Store

/// The `daemons:` section of `keepsake status`: every daemon sharing the store, its last tick
/// (heartbeat) and what it holds, those silent for more than two ticks marked gone.
struct DaemonRegistryLines {
    let lines: [String]
    /// Whether a gone daemon still holds deliveries (they become in doubt at the next tick of another daemon).
    let attention: Bool

    init(store: KeepsakeStore, now: Date) throws {
        let daemons = try store.daemons(now: now)
        guard !daemons.isEmpty else {
            lines = ["daemons: none running"]
            attention = false
            return
        }
        var lines = ["daemons: \(daemons.count(where: { !$0.isGone(at: now) })) running"]
        let rows = daemons.map { daemon in
            var holds: [String] = []
            if daemon.holdsPlanningLease { holds.append("planning lease") }
            if daemon.claimed > 0 { holds.append("\(daemon.claimed) sending") }
            return [
                daemon.host, String(daemon.pid), daemon.startedAt.ISO8601Format(), daemon.heartbeatAt.ISO8601Format(),
                daemon.isGone(at: now) ? "GONE (no heartbeat for more than 2 ticks)" : "running",
                holds.isEmpty ? "-" : holds.joined(separator: ", "),
            ]
        }
        lines += TextTable.render(header: ["host", "pid", "started", "last tick", "state", "holds"], rows: rows)
            .split(separator: "\n").map { "  " + $0 }
        self.lines = lines
        attention = daemons.contains { $0.isGone(at: now) && $0.claimed > 0 }
    }
}
