/// The campaigns paused by their bounce and complaint rates (migration `8 campaign pauses`), and
/// the indexes the rates per campaign are read by: covering, so that a month of a million
/// deliveries is read from the indexes alone.
///
/// A row stays once its pause is lifted: `resumed_at` is when `keepsake resume --campaign` lifted
/// it, and the pause rule counts only deliveries finished after it, so that the complaints that
/// paused a campaign cannot pause it again at once.
enum CampaignPauseSchema {
    static let sqlite = """
            CREATE TABLE campaign_pauses (
                campaign_id TEXT PRIMARY KEY NOT NULL,
                reason TEXT NOT NULL,
                paused_at TEXT NOT NULL,
                resumed_at TEXT,
                resumed_by TEXT
            ) STRICT;
            CREATE INDEX deliveries_sent ON deliveries (sent_at, campaign_id, status) WHERE status = 'sent';
            CREATE INDEX deliveries_refused ON deliveries (updated_at, campaign_id, status, last_stage) WHERE status = 'failed';
            CREATE INDEX inbound_messages_reports ON inbound_messages (failure, received_at, delivery_id);
            """
}
