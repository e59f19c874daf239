#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Logging
import Synchronization
import Testing
@testable import KeepsakeCLI
@testable import KeepsakeDaemon

@Suite("systemd notify protocol")
struct SystemdNotifierTests {
    @Test func eachCallSendsItsExactDatagram() throws {
        let receiver = try DatagramReceiver.inTemporaryFolder()
        let notifier = SystemdNotifier(environment: ["NOTIFY_SOCKET": receiver.notifySocket])
        #expect(notifier.isEnabled)

        notifier.ready(status: "Watching 4 campaigns")
        #expect(try receiver.next() == "READY=1\nSTATUS=Watching 4 campaigns")
        notifier.reloaded(status: "Reloaded: 5 campaigns")
        #expect(try receiver.next() == "READY=1\nSTATUS=Reloaded: 5 campaigns")
        notifier.stopping(status: "Finishing 2 messages")
        #expect(try receiver.next() == "STOPPING=1\nSTATUS=Finishing 2 messages")
        notifier.status("Next tick at 09:00 Asia/Tehran")
        #expect(try receiver.next() == "STATUS=Next tick at 09:00 Asia/Tehran")
        notifier.watchdog()
        #expect(try receiver.next() == "WATCHDOG=1")
    }

    @Test func reloadingCarriesTheMonotonicClock() throws {
        let receiver = try DatagramReceiver.inTemporaryFolder()
        let notifier = SystemdNotifier(environment: ["NOTIFY_SOCKET": receiver.notifySocket])
        let before = Self.monotonicMicroseconds()
        notifier.reloading(status: "Reloading campaigns")
        let after = Self.monotonicMicroseconds()

        let lines = try receiver.next().split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == 3)
        #expect(lines.first == "RELOADING=1")
        #expect(lines.last == "STATUS=Reloading campaigns")
        let stamp = try #require(lines.dropFirst().first.flatMap { $0.hasPrefix("MONOTONIC_USEC=") ? UInt64($0.dropFirst(15)) : nil })
        #expect((before...after).contains(stamp))
    }

    @Test func statusIsAlwaysOneLine() throws {
        let receiver = try DatagramReceiver.inTemporaryFolder()
        let notifier = SystemdNotifier(environment: ["NOTIFY_SOCKET": receiver.notifySocket])
        notifier.status("calendar.yaml:3:7: bad date\r\nREADY=1\nسارا")
        #expect(try receiver.next() == "STATUS=calendar.yaml:3:7: bad date  READY=1 سارا")
        notifier.ready(status: "line one\rline two")
        #expect(try receiver.next() == "READY=1\nSTATUS=line one line two")
    }

    @Test func abstractSocketNameStartingWithAt() throws {
        let receiver = try DatagramReceiver.abstract()
        let notifier = SystemdNotifier(environment: ["NOTIFY_SOCKET": receiver.notifySocket])
        notifier.ready(status: "ready")
        #expect(try receiver.next() == "READY=1\nSTATUS=ready")
    }

    @Test func withoutNotifySocketNothingIsSent() throws {
        let receiver = try DatagramReceiver.inTemporaryFolder()
        let notifier = SystemdNotifier(environment: ["WATCHDOG_USEC": "10000000"])
        #expect(notifier.isEnabled == false)
        notifier.ready(status: "ready")
        notifier.reloading(status: "reloading")
        notifier.reloaded(status: "reloaded")
        notifier.stopping(status: "stopping")
        notifier.status("status")
        notifier.watchdog()
        #expect(receiver.pendingCount() == 0)
    }

    @Test func unusableNotifySocketIsRefusedWithTheReason() {
        let warnings = Warnings()
        let notifier = SystemdNotifier(environment: ["NOTIFY_SOCKET": "vsock:2:1234"], logger: warnings.logger)
        #expect(notifier.isEnabled == false)
        notifier.ready(status: "ready")
        #expect(warnings.lines.count == 1)
        #expect(warnings.lines.first?.contains("NOTIFY_SOCKET=vsock:2:1234 is neither a path starting with / nor an abstract name starting with @") == true)

        let long = "/" + String(repeating: "x", count: 120)
        #expect(SystemdNotifier(environment: ["NOTIFY_SOCKET": long]).isEnabled == false)
    }

    @Test func sendFailureIsLoggedOnceAndNotFatal() {
        let warnings = Warnings()
        let missing = "/tmp/keepsake-no-such-socket-\(UUID().uuidString.prefix(8))"
        let notifier = SystemdNotifier(environment: ["NOTIFY_SOCKET": missing], logger: warnings.logger)
        notifier.ready(status: "ready")
        notifier.watchdog()
        notifier.stopping(status: "stopping")
        #expect(warnings.lines.count == 1)
        #expect(warnings.lines.first?.contains("cannot reach systemd's notify socket") == true)
        #expect(warnings.lines.first?.contains("socket=\(missing)") == true)
    }

    @Test func watchdogIntervalIsHalfOfWatchdogUsec() {
        #expect(SystemdNotifier(environment: ["WATCHDOG_USEC": "10000000"]).watchdogInterval == .seconds(5))
        let own = "\(getpid())"
        #expect(SystemdNotifier(environment: ["WATCHDOG_USEC": "120000000", "WATCHDOG_PID": own]).watchdogInterval == .seconds(60))
    }

    @Test func watchdogIntervalIsNilWhenNotOurs() {
        #expect(SystemdNotifier(environment: ["WATCHDOG_USEC": "10000000", "WATCHDOG_PID": "\(getpid() + 1)"]).watchdogInterval == nil)
        #expect(SystemdNotifier(environment: ["WATCHDOG_USEC": "10000000", "WATCHDOG_PID": "garbage"]).watchdogInterval == nil)
        #expect(SystemdNotifier(environment: ["WATCHDOG_USEC": "ten seconds"]).watchdogInterval == nil)
        #expect(SystemdNotifier(environment: ["WATCHDOG_USEC": "0"]).watchdogInterval == nil)
        #expect(SystemdNotifier(environment: [:]).watchdogInterval == nil)
    }

    private static func monotonicMicroseconds() -> UInt64 {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return UInt64(now.tv_sec) * 1_000_000 + UInt64(now.tv_nsec) / 1_000
    }

    /// The logfmt lines a real handler wrote.
    private final class Warnings: Sendable {
        private let storage = Mutex<[String]>([])
        var lines: [String] { storage.withLock { $0 } }
        var logger: Logger {
            Logger(label: "systemd") { label in
                LogfmtLogHandler(component: label) { line in self.storage.withLock { $0.append(line) } }
            }
        }
    }
}
