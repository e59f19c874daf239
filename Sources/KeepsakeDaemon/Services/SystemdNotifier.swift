#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Logging
import Synchronization

/// Tells systemd how the service is doing, through the notify protocol of a `Type=notify` unit,
/// without libsystemd: one datagram per call on the AF_UNIX socket named by `$NOTIFY_SOCKET`.
///
/// Outside systemd (no `$NOTIFY_SOCKET`), every call does nothing, so the same code runs from a
/// terminal. Sending never fails the caller: systemd may be restarting or gone, and the daemon's
/// work matters more than its status line. The first failure is logged, the rest are not.
///
///     let notifier = SystemdNotifier(logger: logger)
///     notifier.ready(status: "Watching 4 campaigns; next tick 09:00")
///     if let interval = notifier.watchdogInterval { /* call notifier.watchdog() every interval */ }
public final class SystemdNotifier: Sendable {
    /// The socket address to send to (a `sockaddr_un` and its length), nil when not under systemd.
    private let destination: NotifyAddress?
    /// The datagram socket, opened once; -1 when there is no destination or it could not be opened.
    private let descriptor: Int32
    private let logger: Logger?
    private let failureLogged = Mutex(false)

    /// How often to call ``watchdog()``: half of `$WATCHDOG_USEC`, as systemd recommends, when the unit
    /// sets `WatchdogSec=` and `$WATCHDOG_PID` is absent or names this process; nil otherwise.
    public let watchdogInterval: Duration?

    /// Reads `$NOTIFY_SOCKET`, `$WATCHDOG_USEC` and `$WATCHDOG_PID` from `environment` and opens the socket.
    ///
    /// `$NOTIFY_SOCKET` is a file system path (`/run/systemd/notify`) or an abstract socket name
    /// written with a leading `@`. Anything else is logged and ignored: every call is then a no-op.
    ///
    /// - Parameters:
    ///   - environment: The process environment; tests pass their own.
    ///   - logger: Where the first failure to reach systemd is reported, as a warning; nil to stay silent.
    public init(environment: [String: String] = ProcessInfo.processInfo.environment, logger: Logger? = nil) {
        self.logger = logger
        self.watchdogInterval = Self.watchdogInterval(environment: environment)
        guard let socketName = environment["NOTIFY_SOCKET"], !socketName.isEmpty else {
            destination = nil
            descriptor = -1
            return
        }
        do {
            destination = try NotifyAddress(socketName)
        } catch {
            logger?.warning("systemd notifications are off", metadata: ["reason": "\(error)"])
            destination = nil
            descriptor = -1
            return
        }
        descriptor = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        if descriptor < 0 {
            logger?.warning("systemd notifications are off: cannot open a datagram socket", metadata: ["errno": "\(String(cString: strerror(errno)))"])
        }
    }

    deinit {
        if descriptor >= 0 { close(descriptor) }
    }

    /// Whether a `$NOTIFY_SOCKET` was given, so that the calls reach systemd.
    public var isEnabled: Bool { destination != nil && descriptor >= 0 }

    /// Start-up is finished: `READY=1` with a status line. systemd then considers the unit started.
    public func ready(status: String) {
        send("READY=1\nSTATUS=\(Self.singleLine(status))")
    }

    /// A reload has begun (after SIGHUP): `RELOADING=1` with the `CLOCK_MONOTONIC` time, which
    /// systemd 253 and later require to match the reload to the request; systemd 252 ignores it.
    /// Follow it with ``reloaded(status:)`` whether the reload succeeded or kept the old set.
    public func reloading(status: String) {
        send("RELOADING=1\nMONOTONIC_USEC=\(Self.monotonicMicroseconds())\nSTATUS=\(Self.singleLine(status))")
    }

    /// The reload is over: `READY=1` with the new status line.
    public func reloaded(status: String) {
        send("READY=1\nSTATUS=\(Self.singleLine(status))")
    }

    /// Shutdown has begun: `STOPPING=1` with a status line, so `systemctl status` shows why it waits.
    public func stopping(status: String) {
        send("STOPPING=1\nSTATUS=\(Self.singleLine(status))")
    }

    /// Replaces the status line `systemctl status keepsake` shows.
    public func status(_ status: String) {
        send("STATUS=\(Self.singleLine(status))")
    }

    /// Tells the watchdog the service is alive: `WATCHDOG=1`. Call it every ``watchdogInterval``.
    public func watchdog() {
        send("WATCHDOG=1")
    }

    private func send(_ message: String) {
        guard let destination, descriptor >= 0 else { return }
        let bytes = Array(message.utf8)
        let sent = destination.withSocketAddress { address, length in
            bytes.withUnsafeBytes { buffer in
                sendto(descriptor, buffer.baseAddress, buffer.count, Int32(MSG_NOSIGNAL), address, length)
            }
        }
        if sent < 0 { reportFailure(errno: errno) }
    }

    private func reportFailure(errno code: Int32) {
        let first = failureLogged.withLock { logged in
            defer { logged = true }
            return !logged
        }
        guard first, let logger, let destination else { return }
        logger.warning(
            "cannot reach systemd's notify socket; later failures are not logged",
            metadata: ["socket": "\(destination.name)", "errno": "\(String(cString: strerror(code)))"]
        )
    }

    /// The status text on one line: the protocol is one `KEY=value` per line, so CR, LF (and NUL,
    /// which would end the datagram's text) become spaces.
    static func singleLine(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.map { scalar in
            scalar == "\r" || scalar == "\n" || scalar == "\0" ? " " : scalar
        }))
    }

    /// Half of `$WATCHDOG_USEC` when the watchdog is meant for this process.
    static func watchdogInterval(environment: [String: String], processID: pid_t = getpid()) -> Duration? {
        guard let text = environment["WATCHDOG_USEC"], let microseconds = UInt64(text), microseconds > 0 else { return nil }
        if let owner = environment["WATCHDOG_PID"] {
            guard let pid = pid_t(owner), pid == processID else { return nil }
        }
        return .microseconds(Int64(clamping: microseconds / 2))
    }

    /// `CLOCK_MONOTONIC` in microseconds, the clock systemd compares `MONOTONIC_USEC` with.
    static func monotonicMicroseconds() -> UInt64 {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return UInt64(now.tv_sec) * 1_000_000 + UInt64(now.tv_nsec) / 1_000
    }
}
