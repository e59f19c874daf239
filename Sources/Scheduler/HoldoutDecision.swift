import Calendars
import Crypto
import Foundation
import Store

/// Which eligible deliveries a campaign's `holdout:` keeps from being mailed: the baseline the
/// report compares the mailed group with.
///
/// The decision is a pure function of the occurrence, so every planning run, preview and explain
/// agrees, and re-planning never moves a customer between the groups: the first eight bytes of
/// SHA-256 over `campaign id`, `customer id` and the occurrence date (`YYYY-MM-DD`), joined by a
/// NUL byte, read as a big-endian unsigned number, taken modulo 10,000; the delivery is held out
/// when that is below the campaign's share in hundredths of a per cent (`10%` is 1,000). A
/// customer is held out of one occurrence, not of the campaign: next year's birthday draws afresh.
public struct HoldoutDecision: Sendable {
    /// The campaign's share, in hundredths of a per cent (0 to 5,000).
    public let basisPoints: Int

    /// The decision for a campaign holding out `basisPoints` / 100 per cent.
    public init(basisPoints: Int) {
        self.basisPoints = basisPoints
    }

    /// Whether this occurrence is held out.
    public func holdsOut(_ occurrence: OccurrenceID) -> Bool {
        guard basisPoints > 0 else { return false }
        return Self.draw(occurrence) < basisPoints
    }

    /// The occurrence's draw, 0 to 9,999 (see the type's documentation).
    public static func draw(_ occurrence: OccurrenceID) -> Int {
        var bytes = Data(occurrence.campaignID.utf8)
        bytes.append(0)
        bytes.append(contentsOf: occurrence.customerID.utf8)
        bytes.append(0)
        bytes.append(contentsOf: occurrence.date.description.utf8)
        let digest = SHA256.hash(data: bytes)
        let number = digest.prefix(8).reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        return Int(number % 10_000)
    }
}
