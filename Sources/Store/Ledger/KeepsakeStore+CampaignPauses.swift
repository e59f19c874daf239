import Foundation

/// A campaign paused by its bounce or complaint rate (``CampaignPauseRule``): its deliveries wait,
/// within their grace, until `keepsake resume --campaign ID`; the other campaigns go on.
public struct CampaignPause: Hashable, Sendable {
    public var campaign: String
    /// The figures that paused it, such as `complaint rate 0.42 % (5 of 1,190) over 30 days ≥ 0.3 %`.
    public var reason: String
    public var since: Date

    public init(campaign: String, reason: String, since: Date) {
        self.campaign = campaign
        self.reason = reason
        self.since = since
    }
}

extension KeepsakeStore {
    /// The campaigns paused now, by id.
    public func campaignPauses() throws -> [CampaignPause] {
        try database.read(Self.readCampaignPauses)
    }

    static func readCampaignPauses(_ db: any StoreConnection) throws -> [CampaignPause] {
        try db.rows(sql: "SELECT * FROM campaign_pauses WHERE resumed_at IS NULL ORDER BY campaign_id").map { row in
            try CampaignPause(
                campaign: row["campaign_id"], reason: row["reason"],
                since: StoredText.date(row["paused_at"]) ?? Date(timeIntervalSince1970: 0))
        }
    }

    /// Pauses every campaign whose rates over the last 30 days before `now` meet `rule` and that is
    /// not paused yet, in one transaction; returns the campaigns it paused.
    @discardableResult
    public func applyCampaignPauseRule(_ rule: CampaignPauseRule, now: Date) throws -> [CampaignPause] {
        try database.write(Self.applyingCampaignPauseRule(rule, now: now))
    }

    /// ``applyCampaignPauseRule(_:now:)``'s transaction.
    static func applyingCampaignPauseRule(_ rule: CampaignPauseRule, now: Date) -> @Sendable (any StoreConnection) throws -> [CampaignPause] {
        return { db in
            var resumed: [String: Date] = [:]
            var paused: Set<String> = []
            for row in try db.rows(sql: "SELECT campaign_id, resumed_at FROM campaign_pauses") {
                if let resumedAt = try (row["resumed_at"] as String?).flatMap(StoredText.date) {
                    resumed[try row["campaign_id"]] = resumedAt
                } else {
                    paused.insert(try row["campaign_id"])
                }
            }
            var added: [CampaignPause] = []
            for rates in try readCampaignRates(now: now, db: db) where !paused.contains(rates.campaign) {
                let resumedAt = resumed[rates.campaign].flatMap { $0 > now.addingTimeInterval(-RateWindow.month.seconds) ? $0 : nil }
                guard let reason = rule.reason(for: rates, resumedAt: resumedAt) else { continue }
                try db.execute(
                    sql: """
                        INSERT INTO campaign_pauses (campaign_id, reason, paused_at, resumed_at, resumed_by) VALUES (?, ?, ?, NULL, NULL)
                        ON CONFLICT (campaign_id) DO UPDATE SET
                            reason = excluded.reason, paused_at = excluded.paused_at, resumed_at = NULL, resumed_by = NULL
                        """,
                    arguments: [rates.campaign, reason, StoredText.instant(now)])
                added.append(CampaignPause(campaign: rates.campaign, reason: reason, since: now))
            }
            return added
        }
    }

    /// Lifts the pause of `campaign` as of `now`; from then on the pause rule counts only the
    /// campaign's deliveries finished after `now`.
    ///
    /// - Throws: `StoreError` (`invalidArgument`) when `campaign` is not paused, listing the paused ones.
    @discardableResult
    public func resumeCampaign(_ campaign: String, now: Date, resumedBy: String) throws -> CampaignPause {
        try database.write { db in
            let paused = try Self.readCampaignPauses(db)
            guard let pause = paused.first(where: { $0.campaign == campaign }) else {
                let list = paused.isEmpty ? "no campaign is paused" : "paused: " + paused.map(\.campaign).joined(separator: ", ")
                throw StoreError(.invalidArgument, "the campaign \(campaign) is not paused (\(list))")
            }
            try db.execute(
                sql: "UPDATE campaign_pauses SET resumed_at = ?, resumed_by = ? WHERE campaign_id = ?",
                arguments: [StoredText.instant(now), resumedBy, campaign])
            return pause
        }
    }
}
