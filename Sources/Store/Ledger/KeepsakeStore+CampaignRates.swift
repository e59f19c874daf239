import Foundation

extension KeepsakeStore {
    /// The bounce and complaint rates of every campaign that had deliveries in the last 30 days
    /// before `now`, by campaign id (``DeliveryRates`` says what counts). One read, from covering
    /// indexes only: the deliveries by `deliveries_sent` and `deliveries_refused`, the reports of
    /// the period by `inbound_messages_reports` (about 2 s for a month of a million deliveries).
    public func campaignRates(now: Date) throws -> [CampaignRates] {
        try database.read { db in try Self.readCampaignRates(now: now, db: db) }
    }

    /// The stages at which Keepsake itself gave a delivery up, before the relay saw it (no address,
    /// a message that could not be composed): such a `failed` delivery is no delivery at all.
    static let stagesBeforeTheRelay = ["envelope", "compose"]

    static func readCampaignRates(now: Date, db: any StoreConnection) throws -> [CampaignRates] {
        // Numbered arguments: ?1 is now, then the start of each window.
        var arguments: [(any StoreValueConvertible)?] = [StoredText.instant(now)]
        var columns: [String] = []
        var since30 = ""
        for window in RateWindow.allCases {
            arguments.append(StoredText.instant(now.addingTimeInterval(-window.seconds)))
            let placeholder = "?\(arguments.count)"
            if window == .month { since30 = placeholder }
            columns.append(counts(since: placeholder, as: window.label))
        }
        columns.append(counts(since: "rule_since", as: "rule"))
        let beforeRelay = stagesBeforeTheRelay.map { "'\($0)'" }.joined(separator: ", ")
        let rows = try db.rows(sql: """
            WITH outcomes AS (
                SELECT id, campaign_id, 'sent' AS status, sent_at AS finished_at
                FROM deliveries INDEXED BY deliveries_sent
                WHERE status = 'sent' AND sent_at >= \(since30) AND sent_at <= ?1
                UNION ALL
                SELECT id, campaign_id, 'failed', updated_at
                FROM deliveries INDEXED BY deliveries_refused
                WHERE status = 'failed' AND updated_at >= \(since30) AND updated_at <= ?1
                    AND COALESCE(last_stage, '') NOT IN (\(beforeRelay))
            ),
            reports AS (
                SELECT delivery_id, MAX(CASE WHEN failure = 'permanent' THEN 1 ELSE 0 END) AS bounced,
                    MAX(CASE WHEN failure = 'complaint' THEN 1 ELSE 0 END) AS complained
                FROM inbound_messages INDEXED BY inbound_messages_reports
                WHERE failure IN ('permanent', 'complaint') AND received_at >= \(since30) AND delivery_id IS NOT NULL
                GROUP BY delivery_id
            ),
            marked AS (
                SELECT o.campaign_id, o.finished_at,
                    CASE WHEN o.status = 'failed' OR (o.status = 'sent' AND COALESCE(r.bounced, 0) = 1) THEN 1 ELSE 0 END AS hard,
                    CASE WHEN o.status = 'sent' AND COALESCE(r.complained, 0) = 1 THEN 1 ELSE 0 END AS complaint,
                    CASE WHEN p.resumed_at > \(since30) THEN p.resumed_at ELSE \(since30) END AS rule_since
                FROM outcomes o
                LEFT JOIN reports r ON r.delivery_id = o.id
                LEFT JOIN campaign_pauses p ON p.campaign_id = o.campaign_id
            )
            SELECT campaign_id, \(columns.joined(separator: ", "))
            FROM marked GROUP BY campaign_id ORDER BY campaign_id
            """, arguments: StoreArguments(arguments))
        return try rows.map { row in
            func rates(_ label: String) throws -> DeliveryRates {
                try DeliveryRates(
                    deliveries: row["deliveries_\(label)"] ?? 0, hardBounces: row["hard_\(label)"] ?? 0,
                    complaints: row["complaints_\(label)"] ?? 0)
            }
            return try CampaignRates(
                campaign: row["campaign_id"],
                windows: Dictionary(uniqueKeysWithValues: RateWindow.allCases.map { ($0, try rates($0.label)) }),
                pauseRuleWindow: rates("rule"))
        }
    }

    /// The three sums of one period (written with CASE, not SQLite's booleans as numbers, so that
    /// PostgreSQL reads them too): deliveries finished since `since`, and their hard bounces and complaints.
    private static func counts(since: String, as label: String) -> String {
        """
        SUM(CASE WHEN finished_at >= \(since) THEN 1 ELSE 0 END) AS deliveries_\(label), \
        SUM(CASE WHEN hard = 1 AND finished_at >= \(since) THEN 1 ELSE 0 END) AS hard_\(label), \
        SUM(CASE WHEN complaint = 1 AND finished_at >= \(since) THEN 1 ELSE 0 END) AS complaints_\(label)
        """
    }
}
