import Foundation

/// Why sending is stopped.
public struct SendingPause: Hashable, Sendable, Codable {
    /// Who stopped it.
    public enum Cause: String, Hashable, Sendable, Codable {
        /// `keepsake pause`; only `keepsake resume` lifts it.
        case `operator`
        /// The relay refused the sending setup (login, sender, TLS, policy); a reload or a restart
        /// (after the operator fixed the configuration) or `keepsake resume` lifts it.
        case relay
        /// The suppression breaker tripped (``SuppressionBreaker``): lasts while suppressions wait
        /// for `keepsake suppression confirm` or `undo`, whatever else resumes.
        case suppressionBreaker = "suppression_breaker"
    }

    public var cause: Cause
    /// What to fix, with the relay's reply when it caused the pause.
    public var reason: String
    public var since: Date

    public init(cause: Cause, reason: String, since: Date) {
        self.cause = cause
        self.reason = reason
        self.since = since
    }
}

/// What one tick of the daemon did, kept for `keepsake status`.
public struct TickRecord: Hashable, Sendable, Codable {
    /// The tick's instant (the clock, or `--now`).
    public var at: Date
    /// How long it took, in seconds.
    public var duration: Double
    /// Deliveries it recorded as due, and the outcomes of its attempts by ledger status.
    public var recorded: Int
    public var outcomes: [String: Int]

    public init(at: Date, duration: Double, recorded: Int, outcomes: [String: Int]) {
        self.at = at
        self.duration = duration
        self.recorded = recorded
        self.outcomes = outcomes
    }
}

extension KeepsakeStore {
    /// Stops all sending until ``resumeSending(causes:)``. An operator's pause is never replaced by
    /// the relay's; returns the pause in force.
    @discardableResult
    public func pauseSending(_ pause: SendingPause) throws -> SendingPause {
        try database.write(Self.pausing(pause))
    }

    /// ``pauseSending(_:)``'s transaction.
    static func pausing(_ pause: SendingPause) -> @Sendable (any StoreConnection) throws -> SendingPause {
        return { db in
            if let current = try Self.readState(SendingPause.self, key: "pause", db: db), current.cause == .operator {
                return current
            }
            try Self.writeState(pause, key: "pause", db: db)
            return pause
        }
    }

    /// Lifts a pause of one of `causes`; returns the pause lifted, if any.
    @discardableResult
    public func resumeSending(causes: Set<SendingPause.Cause> = [.operator, .relay]) throws -> SendingPause? {
        try database.write(Self.resuming(causes: causes))
    }

    /// ``resumeSending(causes:)``'s transaction.
    static func resuming(causes: Set<SendingPause.Cause>) -> @Sendable (any StoreConnection) throws -> SendingPause? {
        return { db in
            guard let current = try Self.readState(SendingPause.self, key: "pause", db: db),
                  causes.contains(current.cause) else { return nil }
            try db.execute(sql: "DELETE FROM service_state WHERE key = 'pause'")
            return current
        }
    }

    /// The pause in force, if sending is stopped: a stored pause, else the tripped suppression breaker's.
    public func sendingPause() throws -> SendingPause? {
        try database.read(Self.readingPause)
    }

    /// ``sendingPause()``'s read.
    static func readingPause(_ db: any StoreConnection) throws -> SendingPause? {
        try readState(SendingPause.self, key: "pause", db: db) ?? breakerPause(db)
    }

    /// Keeps what the last tick did.
    public func recordTick(_ tick: TickRecord) throws {
        try database.write { db in try Self.writeState(tick, key: "last_tick", db: db) }
    }

    /// What the last tick did.
    public func lastTick() throws -> TickRecord? {
        try database.read { db in try Self.readState(TickRecord.self, key: "last_tick", db: db) }
    }

    static func readState<Value: Decodable>(_ type: Value.Type, key: String, db: any StoreConnection) throws -> Value? {
        guard let text = try db.value(String.self, sql: "SELECT value FROM service_state WHERE key = ?", arguments: [key])
        else { return nil }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        do {
            return try decoder.decode(Value.self, from: Data(text.utf8))
        } catch {
            throw StoreError.corrupt(table: "service_state", row: key, column: "value", value: text, expected: "\(Value.self) as JSON")
        }
    }

    static func writeState(_ value: some Encodable, key: String, db: any StoreConnection) throws {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = .sortedKeys
        let text = String(decoding: try encoder.encode(value), as: UTF8.self)
        try db.execute(
            sql: """
                INSERT INTO service_state (key, value, updated_at) VALUES (?, ?, ?)
                ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at
                """,
            arguments: [key, text, StoredText.instant(Date())])
    }
}
