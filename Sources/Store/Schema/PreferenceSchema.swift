/// Topics and preferences in the consent ledger: a `preference` column (``ConsentPreference``,
/// NULL for the address's consent itself, as every event before it), and the append-only trigger
/// extended to it, so a preference cannot be rewritten either.
enum PreferenceSchema {
    static let sqlite = """
            ALTER TABLE consent_events ADD COLUMN preference TEXT;
            DROP TRIGGER consent_events_append_only_update;
            CREATE TRIGGER consent_events_append_only_update
            BEFORE UPDATE OF sequence, customer_digest, email_digest, status, occurred_at, source, ip_digest,
                wording, reference, recorded_at, recorded_by, previous_hash, hash, preference ON consent_events
            BEGIN
                SELECT RAISE(ABORT, 'consent events are append-only; only erasure may clear email, ip and customer_id');
            END;
            """

    /// ``sqlite`` in PostgreSQL: the trigger calls the function migration 2 made.
    static let postgresql = """
            ALTER TABLE consent_events ADD COLUMN preference TEXT;
            DROP TRIGGER consent_events_append_only_update ON consent_events;
            CREATE TRIGGER consent_events_append_only_update
            BEFORE UPDATE OF sequence, customer_digest, email_digest, status, occurred_at, source, ip_digest,
                wording, reference, recorded_at, recorded_by, previous_hash, hash, preference ON consent_events
            FOR EACH ROW EXECUTE FUNCTION consent_events_refuse_update();
            """
}
