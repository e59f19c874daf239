/// The table that lets daemons sending through one relay share its rate (migration 14).
///
/// `relay_send_slots` holds, per relay (its URL), the instant of the next send slot no daemon has
/// taken yet, in seconds since 1970. A daemon takes a few slots at a time by advancing it in one
/// UPDATE (``KeepsakeStore/reserveSendSlots(relay:count:spacing:now:)``), so no slot is taken twice.
enum SendSlotSchema {
    static let sqlite = """
        CREATE TABLE relay_send_slots (
            relay TEXT PRIMARY KEY NOT NULL,
            next_slot_at REAL NOT NULL
        ) STRICT;
        """

    static let postgresql = """
        CREATE TABLE relay_send_slots (
            relay TEXT PRIMARY KEY NOT NULL,
            next_slot_at DOUBLE PRECISION NOT NULL
        );
        """
}
