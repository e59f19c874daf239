import Foundation
import Store

/// What `keepsake status` says about returned mail: the campaigns paused by their rates, each
/// campaign's bounce and complaint rates over 1, 7 and 30 days, and the last reading of the
/// inbound sources. `attention` is true while a campaign is paused (`status` exits 2).
struct CampaignRateLines {
    /// One line per paused campaign, shown with the other pauses at the top.
    var pauses: [String] = []
    /// The rates table and the inbound line.
    var lines: [String] = []
    var attention = false

    init(store: KeepsakeStore, now: Date, inboundConfigured: Bool) throws {
        for pause in try store.campaignPauses() {
            attention = true
            pauses.append("CAMPAIGN PAUSED \(pause.campaign) (since \(pause.since.ISO8601Format())): \(pause.reason); "
                + "lift it with keepsake resume --campaign \(pause.campaign)")
        }
        let rates = try store.campaignRates(now: now)
        lines.append("\nbounce and complaint rates (deliveries that ended in the last 1, 7 and 30 days):")
        if rates.isEmpty {
            lines.append("  no deliveries in the last 30 days")
        } else {
            let rows = rates.flatMap { campaign in
                RateWindow.allCases.map { window in
                    let counts = campaign[window]
                    return [
                        campaign.campaign, window.label, CampaignPauseRule.grouped(counts.deliveries),
                        Self.share(counts.hardBounces, of: counts.deliveries), Self.share(counts.complaints, of: counts.deliveries),
                    ]
                }
            }
            lines.append(TextTable.render(header: ["campaign", "window", "deliveries", "hard bounces", "complaints"], rows: rows)
                .split(separator: "\n").map { "  " + $0 }.joined(separator: "\n"))
        }
        lines.append(try Self.inbound(store: store, now: now, configured: inboundConfigured))
    }

    /// `5 (0.42 %)`.
    static func share(_ count: Int, of total: Int) -> String {
        "\(CampaignPauseRule.grouped(count)) (\(CampaignPauseRule.percent(count, of: total)))"
    }

    /// `inbound mail: last read …, 3 messages; in the last day 10 processed, 2 kept aside`.
    static func inbound(store: KeepsakeStore, now: Date, configured: Bool) throws -> String {
        let day = try store.inboundOutcomeCounts(since: now.addingTimeInterval(-86_400))
        let keptAside = (day[.keptAside] ?? 0) + (day[.unverified] ?? 0)
        let processed = day.filter { $0.key != .keptAside && $0.key != .unverified && $0.key != .duplicate }.values.reduce(0, +)
        var text = "\ninbound mail: "
        if let poll = try store.lastInboundPoll() {
            text += "last read \(poll.at.ISO8601Format()), \(poll.messages) message\(poll.messages == 1 ? "" : "s")"
            if !poll.failedSources.isEmpty { text += "; FAILED: " + poll.failedSources.joined(separator: "; ") }
        } else {
            text += configured ? "not read yet (is the service running?)" : "no inbound source configured (inbound.* settings)"
        }
        text += "; in the last day \(processed) processed, \(keptAside) kept aside"
        if keptAside > 0 { text += " (keepsake inbound list)" }
        return text
    }
}
