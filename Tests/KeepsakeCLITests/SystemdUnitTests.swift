import Foundation
import Testing

/// The shipped unit, systemd/keepsake.service, checked by systemd's own tools (Debian 12: systemd 252).
@Suite("systemd unit")
struct SystemdUnitTests {
    /// The repository's root, three folders above this file (Tests/KeepsakeCLITests/).
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let unitURL = repositoryRoot.appendingPathComponent("systemd/keepsake.service")

    @Test func hardeningScoresAtMostOnePointFive() throws {
        let analyze = try Self.systemdAnalyze()
        let result = try KeepsakeBinary.run(["security", "--offline=true", "--no-pager", Self.unitURL.path], executable: analyze)
        let summary = try #require(
            result.standardOutput.split(separator: "\n").first { $0.contains("Overall exposure level") },
            "systemd-analyze security printed no overall exposure level:\n\(result.standardOutput)\(result.standardError)")
        // "→ Overall exposure level for keepsake.service: 1.1 OK 🙂"
        let afterColon = try #require(summary.split(separator: ":").last)
        let score = try #require(afterColon.split(separator: " ").first.flatMap { Double($0) }, "unreadable score in \(summary)")
        #expect(score <= 1.5, "\(summary)\n\(result.standardOutput)")
    }

    /// `systemd-analyze verify` checks that ExecStart exists, so it runs on a copy pointing at the
    /// built binary; every key and value of the real file is parsed as written.
    @Test func verifyFindsNoUnknownKeysOrBadValues() throws {
        let analyze = try Self.systemdAnalyze()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("keepsake-unit-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let unit = try String(contentsOf: Self.unitURL, encoding: .utf8)
        #expect(unit.contains("ExecStart=/usr/local/bin/keepsake run "))
        let copy = directory.appendingPathComponent("keepsake.service")
        try unit.replacingOccurrences(of: "ExecStart=/usr/local/bin/keepsake ", with: "ExecStart=\(KeepsakeBinary.url.path) ")
            .write(to: copy, atomically: true, encoding: .utf8)

        let result = try KeepsakeBinary.run(["verify", "--no-pager", copy.path], executable: analyze)
        let complaints = (result.standardOutput + result.standardError).split(separator: "\n")
            .filter { $0.contains(copy.path) || $0.contains("keepsake.service:") }
        #expect(complaints.isEmpty, "systemd-analyze verify: \(complaints.joined(separator: "\n"))")
        #expect(result.status == 0, "systemd-analyze verify exited \(result.status): \(result.standardError)")
    }

    @Test func unitRunsTheDaemonTheWayTheDocsSay() throws {
        let lines = try String(contentsOf: Self.unitURL, encoding: .utf8).split(separator: "\n").map(String.init)
        for expected in [
            "Type=notify", "NotifyAccess=main", "WatchdogSec=2min", "DynamicUser=yes", "StateDirectory=keepsake",
            "ConfigurationDirectory=keepsake", "LoadCredential=smtp-password:/etc/keepsake/smtp-password",
            "ExecStart=/usr/local/bin/keepsake run --config /etc/keepsake/keepsake.yaml",
            "ExecReload=/bin/kill -HUP $MAINPID", "Restart=on-failure",
        ] {
            #expect(lines.contains(expected), "systemd/keepsake.service has no line \(expected)")
        }
    }

    /// systemd-analyze on PATH or in /usr/bin; a clear failure when it is missing.
    static func systemdAnalyze() throws -> URL {
        let folders = (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map(String.init) + ["/usr/bin", "/bin"]
        for folder in folders {
            let candidate = URL(fileURLWithPath: folder).appendingPathComponent("systemd-analyze")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        throw MissingTool()
    }

    struct MissingTool: Error, CustomStringConvertible {
        var description: String {
            "systemd-analyze is not installed; install Debian's systemd package (`make deps` does) to check systemd/keepsake.service"
        }
    }
}
