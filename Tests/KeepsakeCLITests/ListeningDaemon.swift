import Foundation
import KeepsakeTestSupport

/// `keepsake run` with its HTTP listener on a free loopback port (`unsubscribe.listen:
/// 127.0.0.1:0`), found in its `listening` log line.
struct ListeningDaemon {
    let daemon: Daemon
    let port: Int

    /// Starts the daemon at `now` (a clock that runs on from there), ticking every `tick`.
    init(_ fixture: DaemonFixture, now: String, tick: String = "600s", environment: [String: String] = [:]) throws {
        let daemon = try Daemon(fixture, ["run", "--now", now], environment: [
            "KEEPSAKE_DAEMON_TICK": tick, "KEEPSAKE_UNSUBSCRIBE_LISTEN": "127.0.0.1:0",
        ].merging(environment) { _, new in new })
        var found: Int?
        let pattern = /msg=listening address=127\.0\.0\.1:([0-9]+)/
        try daemon.wait("the listener's address in the log") {
            found = daemon.log().firstMatch(of: pattern).flatMap { Int($0.1) }
            return found != nil
        }
        self.daemon = daemon
        port = found!
    }

    /// `http://127.0.0.1:PORT` + `path`.
    func url(_ path: String) -> String { "http://127.0.0.1:\(port)\(path)" }

    /// The listener's address for a one-click link of a message (`https://shop.example/keepsake/u/T`
    /// → `http://127.0.0.1:PORT/u/T`), as a reverse proxy forwarding `/keepsake/u/` would call it.
    func local(_ link: String) throws -> String {
        guard let range = link.range(of: "/u/") else { throw FixtureError("not a one-click link: \(link)") }
        return url(String(link[range.lowerBound...]))
    }

    /// Waits for the log line of a finished tick (`msg=tick`), `count` of them in all.
    func waitForTicks(_ count: Int = 1) throws {
        try daemon.wait("\(count) ticks") { daemon.log().components(separatedBy: "msg=tick ").count > count }
    }

    func stop() throws {
        kill(daemon.process.processIdentifier, SIGTERM)
        try daemon.waitForExit()
        guard daemon.process.terminationReason == .exit, daemon.process.terminationStatus == 0 else {
            throw FixtureError("the daemon did not stop cleanly: \(daemon.logTail())")
        }
    }
}

extension DaemonFixture {
    /// The messages the relay received, read by the independent parser, by recipient address.
    func capturedByRecipient() throws -> [String: MessageCheck] {
        var result: [String: MessageCheck] = [:]
        for check in try MessageChecker.checkDirectory(server.spoolDirectory) {
            if let address = check.to?.addrSpec { result[address] = check }
        }
        return result
    }

    /// Imports customers whose birthday is `birthday` (MM-DD), opted in, one per address given.
    func addCustomers(_ addresses: [(id: String, email: String, locale: String, zone: String)], birthday: String) throws {
        var lines = ["id,email,first_name,locale,timezone,calendar,birthday,orders_count,total_spent,currency,consent,consent_at,consent_source"]
        for customer in addresses {
            lines.append("\(customer.id),\(customer.email),Extra,\(customer.locale),\(customer.zone),gregorian,1990-\(birthday),1,10.00,USD,"
                + "opted_in,2025-01-01T00:00:00Z,checkout checkbox")
        }
        let file = directory.appendingPathComponent("extra-\(UUID().uuidString).csv")
        try (lines.joined(separator: "\n") + "\n").write(to: file, atomically: true, encoding: .utf8)
        let result = try keepsake(["import", "customers", file.path], files: false)
        guard result.status == 0 else { throw FixtureError("import failed: \(result.standardError)") }
    }
}

extension MessageCheck {
    /// The https link of `List-Unsubscribe` (`<https://…>`), without its angle brackets.
    var oneClickLink: String? {
        header("List-Unsubscribe")?.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            .first { $0.hasPrefix("<https://") }.map { String($0.dropFirst().dropLast()) }
    }
}
