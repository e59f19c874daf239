/// Where daemons sending through one relay share its rate (`smtp.rate`): a sequence of send slots,
/// `spacing` apart, that each daemon takes from in small batches, so that together they keep to
/// the rate. The daemon's implementation keeps the sequence in the store (``Pacer`` takes it).
///
/// ```swift
/// let delay = try await sharing.reserve(count: 7, spacing: .milliseconds(100))
/// // this daemon alone may send at now + delay, + 100 ms, … + 600 ms
/// ```
public protocol SharedSendingRate: Sendable {
    /// Reserves the next `count` slots of the sequence, `spacing` apart, for this daemon alone.
    ///
    /// - Returns: How long from now until the first of them (zero when it is now or past).
    /// - Throws: when the place holding the sequence cannot be reached.
    func reserve(count: Int, spacing: Duration) async throws -> Duration
}
