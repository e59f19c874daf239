import Foundation

/// What `/metrics` and `/healthz` read from the store.
extension KeepsakeStore {
    /// How many deliveries wait to be sent, by status (`planned`, `deferred`): the queue's depth
    /// (rows due; a plan's rows ahead of their send instant are not in the queue yet).
    public func waitingDeliveryCounts() throws -> [LedgerStatus: Int] {
        try database.read { db in
            var counts: [LedgerStatus: Int] = [.planned: 0, .deferred: 0]
            for row in try db.rows(sql: """
                SELECT status, COUNT(*) AS count FROM deliveries WHERE status IN ('planned', 'deferred') AND due_at IS NOT NULL
                GROUP BY status
                """) {
                if let status = LedgerStatus(rawValue: try row["status"]) { counts[status] = try row["count"] as Int }
            }
            return counts
        }
    }

    /// Whether the store still answers, for `/healthz`: the database file is where it was opened
    /// (a file deleted or moved under a running daemon takes every later write with it), and a
    /// read of the send ledger succeeds. Throws a ``StoreError`` saying what is wrong.
    public func checkAvailable() throws {
        guard database.engine != .sqlite || FileManager.default.fileExists(atPath: path) else {
            throw StoreError(
                .cannotOpen,
                "the database file \(path) is gone (deleted or moved while the daemon runs); "
                    + "what the daemon writes now is lost when it stops: restore the file and restart")
        }
        _ = try database.read { db in try db.value(Int.self, sql: "SELECT COUNT(*) FROM service_state") }
    }
}
