import Foundation
import Synchronization

/// Time zones by IANA name, each looked up once per process: `TimeZone(identifier:)` is slow
/// enough to matter across a million customers or a tick's ledger rows. The planner reads a
/// customer's `timezone` through it, and the store a send-ledger row's `time_zone`.
public enum TimeZoneNames {
    private static let zones = Mutex<[String: TimeZone?]>([:])

    /// The zone named `name` (such as `Asia/Tehran`), or nil when the system does not know it.
    public static func zone(named name: String) -> TimeZone? {
        if let known = zones.withLock({ $0[name] }) { return known }
        let zone = TimeZone(identifier: name)
        zones.withLock { $0[name] = zone }
        return zone
    }
}
