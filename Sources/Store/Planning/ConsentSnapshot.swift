import Crypto

/// The current consent of every address in the ledger, read in one pass, for a planning run that
/// asks about most of the store (Nowruz, Eid: a campaign for everyone). Looking up each batch's
/// addresses costs an index seek and a row read per address (some 10 µs: a third of planning a
/// million customers); reading the ledger in one pass costs about 1 µs an event.
///
/// A run starts with per-batch look-ups and switches to the snapshot once it has asked about a
/// tenth as many customers as the ledger holds events (a look-up costs about what reading ten
/// events does), and at least ``lookupsBeforeSnapshot``: an ordinary day's tens of thousands of
/// candidates are looked up. A ledger of more than ``largestLedger`` events is never read whole (the snapshot
/// holds some 70 bytes per event), and the run keeps looking up.
final class ConsentSnapshot {
    /// How many customers a run asks about, at least, before the whole ledger is read instead.
    static let lookupsBeforeSnapshot = 20_000
    /// How many events reading the ledger whole costs as much as one look-up.
    static let eventsPerLookUp = 10
    /// The most consent events a snapshot holds (some 140 MB at this size: 70 MB a million).
    static let largestLedger = 2_000_000

    struct Contents {
        /// Each address's latest status, by digest.
        var statuses: [DigestKey: ConsentStatus] = [:]
        /// The suppressed addresses.
        var suppressed: Set<DigestKey> = []
        /// The preference events of the addresses that have any (topics, pauses, frequency), in
        /// ledger order.
        var preferences: [DigestKey: [(ConsentPreference, ConsentStatus)]] = [:]
    }

    private enum State {
        case undecided
        case counting(asked: Int, threshold: Int, events: Int)
        case loaded(Contents)
        case tooLarge
    }

    private var state = State.undecided
    private let lookupsBeforeSnapshot: Int
    private let largestLedger: Int

    /// A run's snapshot, not read yet; the limits default to ``lookupsBeforeSnapshot`` and ``largestLedger``.
    init(lookupsBeforeSnapshot: Int = ConsentSnapshot.lookupsBeforeSnapshot, largestLedger: Int = ConsentSnapshot.largestLedger) {
        self.lookupsBeforeSnapshot = lookupsBeforeSnapshot
        self.largestLedger = largestLedger
    }

    /// The snapshot, once the run has asked about enough customers (counting `customers` now) and
    /// the ledger is small enough; nil: look up this batch's addresses.
    func contents(counting customers: Int, db: any StoreConnection) throws -> Contents? {
        if case .undecided = state {
            // The ledger is append-only: its last sequence number is its size.
            let events = try db.value(Int.self, sql: "SELECT MAX(sequence) FROM consent_events") ?? 0
            state = events > largestLedger ? .tooLarge : .counting(
                asked: 0, threshold: max(lookupsBeforeSnapshot, events / Self.eventsPerLookUp), events: events)
        }
        switch state {
        case .loaded(let contents):
            return contents
        case .undecided, .tooLarge:
            return nil
        case .counting(let asked, let threshold, let events):
            guard asked + customers >= threshold else {
                state = .counting(asked: asked + customers, threshold: threshold, events: events)
                return nil
            }
            let contents = try Self.read(db, events: events)
            state = .loaded(contents)
            return contents
        }
    }

    /// Every address's latest status (ledger order: a later event replaces an earlier one; an
    /// unreadable status is skipped, as the look-up does), and the suppressed addresses.
    private static func read(_ db: any StoreConnection, events count: Int) throws -> Contents {
        var contents = Contents()
        // Room for every address at once: growing would hold the old table and the new together.
        contents.statuses.reserveCapacity(count)
        try db.forEachRow(sql: "SELECT email_digest, status, preference FROM consent_events ORDER BY sequence") { row in
            guard let key = DigestKey(hexadecimal: try row[0]), let status = ConsentStatus(rawValue: try row[1]) else {
                return
            }
            if let text = try row[2] as String? {
                if let preference = ConsentPreference(storedText: text) {
                    contents.preferences[key, default: []].append((preference, status))
                }
            } else {
                contents.statuses[key] = status
            }
        }
        try db.forEachRow(sql: "SELECT email_digest FROM suppressions") { row in
            if let key = DigestKey(hexadecimal: try row[0]) { contents.suppressed.insert(key) }
        }
        return contents
    }
}

/// A personal digest (HMAC-SHA256) as 32 bytes rather than its 64 hexadecimal digits: what a
/// ``ConsentSnapshot`` is keyed by, a quarter of the memory of the text.
struct DigestKey: Hashable {
    private let words: (UInt64, UInt64, UInt64, UInt64)

    /// The key of a digest written as 64 lower-case hexadecimal digits; nil for any other text.
    init?(hexadecimal text: String) {
        var text = text
        guard let words = text.withUTF8({ bytes -> (UInt64, UInt64, UInt64, UInt64)? in
            guard bytes.count == 64 else { return nil }
            func word(_ start: Int) -> UInt64? {
                var value: UInt64 = 0
                for byte in bytes[start..<start + 16] {
                    guard let nibble = Self.nibble(byte) else { return nil }
                    value = value << 4 | nibble
                }
                return value
            }
            guard let first = word(0), let second = word(16), let third = word(32), let fourth = word(48) else {
                return nil
            }
            return (first, second, third, fourth)
        }) else { return nil }
        self.words = words
    }

    /// The value of a lower-case hexadecimal digit.
    private static func nibble(_ byte: UInt8) -> UInt64? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt64(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): UInt64(byte - UInt8(ascii: "a") + 10)
        default: nil
        }
    }

    /// The key of a finished HMAC, without writing it out in hexadecimal.
    init(_ code: HashedAuthenticationCode<SHA256>) {
        words = code.withUnsafeBytes { bytes in
            func word(_ index: Int) -> UInt64 {
                (0..<8).reduce(0) { $0 << 8 | UInt64(bytes[index * 8 + $1]) }
            }
            return (word(0), word(1), word(2), word(3))
        }
    }

    static func == (left: DigestKey, right: DigestKey) -> Bool {
        left.words == right.words
    }

    func hash(into hasher: inout Hasher) {
        hasher.combine(words.0)
        hasher.combine(words.1)
        hasher.combine(words.2)
        hasher.combine(words.3)
    }
}
