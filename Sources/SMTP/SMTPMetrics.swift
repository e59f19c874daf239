import CoreMetrics

/// The transport's metrics, through swift-metrics: a no-op until the process bootstraps a metrics
/// system (`keepsake run` with a listener exports them as Prometheus text on `/metrics`).
public enum SMTPMetrics {
    /// `keepsake_smtp_replies_total{code}`: transfers by the relay's last reply code (`250`,
    /// `451`, `550`, …), or `none` when no reply came (refused connection, timeout).
    public static let replies = "keepsake_smtp_replies_total"
    /// `keepsake_smtp_send_duration_seconds`: a histogram of each transfer's time on its
    /// connection, from the first command (or the connection's opening) to the relay's verdict.
    public static let sendDuration = "keepsake_smtp_send_duration_seconds"

    /// Records one transfer.
    static func record(_ outcome: SMTPOutcome, duration: Duration) {
        Counter(label: replies, dimensions: [("code", outcome.reply.map { String($0.code) } ?? "none")]).increment()
        Timer(label: sendDuration).recordNanoseconds(
            duration.components.seconds * 1_000_000_000 + duration.components.attoseconds / 1_000_000_000)
    }
}
