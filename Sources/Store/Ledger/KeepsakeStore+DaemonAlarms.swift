import Foundation

/// The relay has not answered since `since`: connections refused, timed out or dropped before a
/// reply. Deliveries wait and are retried meanwhile; nothing is lost while it lasts less than
/// their grace. Kept in the store so that `keepsake status` (another process) sees it.
public struct RelayFailure: Hashable, Sendable, Codable {
    /// The first failed attempt of this run of failures.
    public var since: Date
    /// The latest failed attempt.
    public var lastAt: Date
    /// What the latest attempt ended with (libcurl's error text, such as `Couldn't connect to server`).
    public var reply: String

    public init(since: Date, lastAt: Date, reply: String) {
        self.since = since
        self.lastAt = lastAt
        self.reply = reply
    }

    /// Whether it has lasted longer than `alarm` (`daemon.relay_alarm`) at `now`.
    public func isAlarm(at now: Date, after alarm: Duration) -> Bool {
        now.timeIntervalSince(since) > Double(alarm.components.seconds)
    }

    /// One line for an operator: `the relay has not answered since 2026-06-15T12:00:00Z (for 20m, alarm after 15m): …`.
    public func summary(at now: Date, alarm: Duration) -> String {
        "the relay has not answered since \(since.ISO8601Format()) (for \(Self.span(now.timeIntervalSince(since))), "
            + "alarm after \(Self.span(Double(alarm.components.seconds)))): \(reply); deliveries wait and are retried "
            + "within their grace; check that the relay at smtp.url is up and reachable from this host"
    }

    /// `45s`, `20m`, `2h5m`.
    static func span(_ seconds: TimeInterval) -> String {
        let whole = max(0, Int(seconds))
        if whole < 60 { return "\(whole)s" }
        if whole < 3_600 { return "\(whole / 60)m" }
        return "\(whole / 3_600)h\(whole % 3_600 / 60)m"
    }
}

/// What became of the daemon's last loading of its files: at start, or on a reload (SIGHUP).
public struct ReloadRecord: Hashable, Sendable, Codable {
    /// When the set that runs now was loaded (the start, or the last reload that was applied).
    public var appliedAt: Date
    /// When the last reload was refused, if it was (the set of `appliedAt` keeps running).
    public var refusedAt: Date?
    /// What the refused reload found wrong (file:line:column first), at most ``problemLimit``.
    public var problems: [String]
    /// How many problems it found in all.
    public var problemCount: Int

    /// How many problems of a refused reload are kept (the log has them all).
    public static let problemLimit = 10

    public init(appliedAt: Date, refusedAt: Date? = nil, problems: [String] = []) {
        self.appliedAt = appliedAt
        self.refusedAt = refusedAt
        self.problems = Array(problems.prefix(Self.problemLimit))
        problemCount = problems.count
    }

    /// One line for an operator when the last reload was refused, else nil.
    public var refusal: String? {
        guard let refusedAt else { return nil }
        return "the reload of \(refusedAt.ISO8601Format()) was refused (\(problemCount) problem\(problemCount == 1 ? "" : "s")"
            + "\(problems.first.map { ", first: \($0)" } ?? "")); the files and settings loaded at \(appliedAt.ISO8601Format()) "
            + "keep running; fix them (keepsake validate lists the problems) and run systemctl reload keepsake"
    }
}

extension KeepsakeStore {
    /// Notes a failed attempt to reach the relay at `now`; the run of failures starts at the first.
    @discardableResult
    public func recordRelayFailure(at now: Date, reply: String) throws -> RelayFailure {
        try database.write(Self.recordingRelayFailure(at: now, reply: reply))
    }

    /// ``recordRelayFailure(at:reply:)``'s transaction.
    static func recordingRelayFailure(at now: Date, reply: String) -> @Sendable (any StoreConnection) throws -> RelayFailure {
        return { db in
            var failure = try Self.readState(RelayFailure.self, key: "relay_failure", db: db)
                ?? RelayFailure(since: now, lastAt: now, reply: reply)
            failure.lastAt = max(failure.lastAt, now)
            failure.reply = reply
            try Self.writeState(failure, key: "relay_failure", db: db)
            return failure
        }
    }

    /// Ends a run of failures (the relay answered); returns it, if there was one.
    @discardableResult
    public func clearRelayFailure() throws -> RelayFailure? {
        try database.write(Self.clearingRelayFailure)
    }

    /// ``clearRelayFailure()``'s transaction.
    static func clearingRelayFailure(_ db: any StoreConnection) throws -> RelayFailure? {
        guard let failure = try readState(RelayFailure.self, key: "relay_failure", db: db) else { return nil }
        try db.execute(sql: "DELETE FROM service_state WHERE key = 'relay_failure'")
        return failure
    }

    /// The run of relay failures going on, if any.
    public func relayFailure() throws -> RelayFailure? {
        try database.read { db in try Self.readState(RelayFailure.self, key: "relay_failure", db: db) }
    }

    /// Notes that the daemon loaded its files and settings at `now` (a start or an applied reload).
    public func recordReloadApplied(at now: Date) throws {
        try database.write { db in try Self.writeState(ReloadRecord(appliedAt: now), key: "reload", db: db) }
    }

    /// Notes that a reload at `now` was refused for `problems`; the set loaded before keeps running.
    public func recordReloadRefused(at now: Date, problems: [String]) throws {
        try database.write(Self.recordingReloadRefused(at: now, problems: problems))
    }

    /// ``recordReloadRefused(at:problems:)``'s transaction.
    static func recordingReloadRefused(at now: Date, problems: [String]) -> @Sendable (any StoreConnection) throws -> Void {
        return { db in
            let applied = try Self.readState(ReloadRecord.self, key: "reload", db: db)?.appliedAt ?? now
            try Self.writeState(ReloadRecord(appliedAt: applied, refusedAt: now, problems: problems), key: "reload", db: db)
        }
    }

    /// The last loading of the daemon's files, if a daemon ever ran on this store.
    public func lastReload() throws -> ReloadRecord? {
        try database.read { db in try Self.readState(ReloadRecord.self, key: "reload", db: db) }
    }
}
