import GRDB

/// The campaigns paused by their bounce and complaint rates (migration `8 campaign pauses`), and
/// the indexes the rates per campaign are read by.
///
/// A row stays once its pause is lifted: `resumed_at` is when `keepsake resume --campaign` lifted
/// it, and the pause rule counts only deliveries finished after it, so that the complaints that
/// paused a campaign cannot pause it again at once.
enum CampaignPauseSchema {
    static func create(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE campaign_pauses (
                campaign_id TEXT PRIMARY KEY NOT NULL,
                reason TEXT NOT NULL,
                paused_at TEXT NOT NULL,
                resumed_at TEXT,
                resumed_by TEXT
            ) STRICT;
            CREATE INDEX deliveries_outcomes ON deliveries (COALESCE(sent_at, updated_at), campaign_id, status, last_stage)
                WHERE status IN ('sent', 'failed');
            CREATE INDEX inbound_messages_reports ON inbound_messages (failure, received_at, delivery_id);
            """)
    }
}
