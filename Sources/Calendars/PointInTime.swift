import Foundation

/// A value of a date field that a shop may export either as an ISO 8601 instant
/// (`2019-08-07T05:21:21Z`, `2019-08-07T08:51:21+03:30`) or as a bare date (`2019-08-07`), such as
/// a customer's first and last order.
public enum PointInTime: Hashable, Sendable {
    /// An exact instant.
    case instant(Date)
    /// A calendar day without a time; it is read in the customer's own time zone.
    case date(LocalDate)
}
