import Foundation

/// The send slots of a relay shared by the daemons sending through it (`smtp.rate`).
extension KeepsakeStore {
    /// Reserves the next `count` send slots of `relay`, `spacing` seconds apart, for the caller
    /// alone, and returns the instant of the first: the later of `now` and the first slot no daemon
    /// has taken. One statement advances the relay's next free slot past them, so of daemons
    /// reserving at once each gets slots of its own (PostgreSQL locks the row; SQLite has one writer).
    ///
    /// Slots are instants of the hosts' clocks: daemons on several hosts share the rate as well as
    /// their clocks agree (NTP keeps them within milliseconds).
    ///
    /// - Throws: `invalidArgument` for a `count` below one or a `spacing` that is not positive.
    public func reserveSendSlots(relay: String, count: Int, spacing: Double, now: Date) async throws -> Date {
        guard count >= 1, spacing > 0, spacing.isFinite else {
            throw StoreError(.invalidArgument, "send slots are reserved one or more at a time, a positive time apart (not \(count) at \(spacing) s)")
        }
        let instant = now.timeIntervalSince1970
        let next = try await database.write { db in
            try db.execute(
                sql: "INSERT INTO relay_send_slots (relay, next_slot_at) VALUES (?, ?) ON CONFLICT (relay) DO NOTHING",
                arguments: [relay, instant])
            return try db.value(Double.self, sql: """
                UPDATE relay_send_slots
                SET next_slot_at = (CASE WHEN next_slot_at > ? THEN next_slot_at ELSE ? END) + ?
                WHERE relay = ? RETURNING next_slot_at
                """, arguments: [instant, instant, Double(count) * spacing, relay])
        }
        guard let next else {
            throw StoreError(.corruptData, "the send slots of the relay \(relay) vanished while being reserved")
        }
        return Date(timeIntervalSince1970: next - Double(count) * spacing)
    }
}
