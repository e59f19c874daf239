import Foundation
import Scheduler

/// How a tick reads for people: the `run --once` summary and the systemd status line.
public enum TickText {
    /// Several lines: what the tick did, and what each campaign sent.
    public static func summary(_ report: TickReport) -> String {
        var lines = ["tick \(report.now.ISO8601Format()): \(report.summary)"]
        for (campaign, count) in report.sentByCampaign.sorted(by: { $0.key < $1.key }) {
            lines.append("  sent \(campaign): \(count)")
        }
        return lines.joined(separator: "\n")
    }

    /// One line for `systemctl status`.
    public static func statusLine(_ report: TickReport) -> String {
        if let paused = report.pausedBecause { return "PAUSED: \(paused)" }
        return "last tick \(report.now.ISO8601Format()): \(report.sent) sent, \(report.attempts) attempts, \(report.recorded) newly due"
            + (report.dropped > 0 ? ", \(report.dropped) dropped" : "")
    }
}
