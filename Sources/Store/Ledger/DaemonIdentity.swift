import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Who one running daemon is, among the daemons sharing a store: its host, its process and when
/// it started, together its ``id`` (`shop-1:4242:2026-05-10T06:30:00.000Z`). The registry, the
/// planning lease and the claims of the send ledger name daemons by this id.
public struct DaemonIdentity: Hashable, Sendable {
    /// `host:pid:started`, unique across hosts and restarts.
    public let id: String
    public let host: String
    public let pid: Int32
    public let startedAt: Date

    /// The daemon `pid` started on `host` at `startedAt`.
    public init(host: String, pid: Int32, startedAt: Date) {
        self.host = host
        self.pid = pid
        self.startedAt = startedAt
        id = "\(host):\(pid):\(StoredText.instant(startedAt))"
    }

    /// This process: every dispatcher of one process is one daemon unless told otherwise.
    public static let process = DaemonIdentity(
        host: ProcessInfo.processInfo.hostName, pid: getpid(), startedAt: Date())

    /// Whether the daemon process `pid` of `host` is known to have ended, seen from `localHost`: it
    /// ran on this machine and no process has its pid any more. A daemon of another host is never
    /// known dead this way (only its heartbeat tells).
    static func processEnded(host: String, pid: Int64, onHost localHost: String) -> Bool {
        guard host == localHost, pid != Int64(getpid()), let pid = Int32(exactly: pid) else { return false }
        return kill(pid, 0) == -1 && errno == ESRCH
    }
}

/// One daemon of the registry, as `keepsake status` lists it.
public struct DaemonRecord: Hashable, Sendable {
    public let id: String
    public let host: String
    public let pid: Int64
    public let startedAt: Date
    /// Its last heartbeat (each tick, and between ticks while one runs long).
    public let heartbeatAt: Date
    /// When it counts as gone if it has not beaten again: two ticks after its last heartbeat.
    public let goneAfter: Date
    /// Whether it holds the planning lease (and the lease has not expired).
    public let holdsPlanningLease: Bool
    /// How many deliveries it has claimed and not yet recorded an outcome for (`sending`).
    public let claimed: Int

    /// Whether its heartbeat is older than two ticks at `now`.
    public func isGone(at now: Date) -> Bool { goneAfter <= now }
}
