/// The tables that let the daemon plan a local day once instead of at every tick.
///
/// A `planned` row of the send ledger is written when its day is planned, ahead of its send
/// instant; `due_at` is set when that instant comes (the tick records it as due then, reserving its
/// coupon code). Only rows still `planned` and not yet due are replaced by a new plan.
///
/// `planned_days` says which local days are in the send ledger as `planned` rows, planned with
/// which campaign files (their fingerprint) and up to which position of the `plan_changes`
/// journal. The journal is written by triggers inside the very transactions that change what the
/// planner reads: a consent event (for every customer at its address), a send outcome that changes whether a delivery takes its
/// customer's share of the day, and (written by ``KeepsakeStore/importSession(commit:recordedBy:_:)``)
/// an import, which concerns everyone (a NULL `customer_id`); a customer added or changed
/// outside an import is journalled by itself. A forgotten customer's `planned`
/// rows not yet due are deleted by the trigger on `customers`.
enum PlanningSchema {
    static let sqlite: String = {
        let takesShare = LedgerStatus.allCases.filter(\.countsTowardCap).map { "'\($0.rawValue)'" }.joined(separator: ", ")
        return """
            ALTER TABLE deliveries ADD COLUMN due_at TEXT;
            UPDATE deliveries SET due_at = planned_at;
            CREATE INDEX deliveries_becoming_due ON deliveries (send_at) WHERE status = 'planned' AND due_at IS NULL;
            CREATE TABLE plan_changes (
                position INTEGER PRIMARY KEY AUTOINCREMENT,
                customer_id TEXT,
                reason TEXT NOT NULL
            ) STRICT;
            CREATE INDEX plan_changes_customer ON plan_changes (customer_id);
            CREATE TABLE planned_days (
                day TEXT PRIMARY KEY NOT NULL,
                fingerprint TEXT NOT NULL,
                planned_through INTEGER NOT NULL,
                complete INTEGER NOT NULL
            ) STRICT;
            CREATE TRIGGER plan_changes_consent AFTER INSERT ON consent_events
            WHEN NOT EXISTS (SELECT 1 FROM plan_changes WHERE customer_id IS NULL)
            BEGIN
                INSERT INTO plan_changes (customer_id, reason)
                SELECT id, 'consent' FROM customers WHERE email_normalized = NEW.email;
            END;
            CREATE TRIGGER plan_changes_outcome AFTER UPDATE OF status ON deliveries
            WHEN NEW.customer_id IS NOT NULL AND OLD.dropped_by IS NULL
                AND (OLD.status IN (\(takesShare))) != (NEW.status IN (\(takesShare)))
                AND NOT EXISTS (SELECT 1 FROM plan_changes WHERE customer_id IS NULL)
            BEGIN
                INSERT INTO plan_changes (customer_id, reason) VALUES (NEW.customer_id, 'outcome');
            END;
            CREATE TRIGGER plan_changes_customer_added AFTER INSERT ON customers
            WHEN NOT EXISTS (SELECT 1 FROM plan_changes WHERE customer_id IS NULL)
            BEGIN
                INSERT INTO plan_changes (customer_id, reason) VALUES (NEW.id, 'customer');
            END;
            CREATE TRIGGER plan_changes_customer_changed AFTER UPDATE ON customers
            WHEN NOT EXISTS (SELECT 1 FROM plan_changes WHERE customer_id IS NULL)
            BEGIN
                INSERT INTO plan_changes (customer_id, reason) VALUES (NEW.id, 'customer');
            END;
            CREATE TRIGGER planned_deliveries_forgotten AFTER DELETE ON customers
            BEGIN
                DELETE FROM deliveries WHERE customer_id = OLD.id AND status = 'planned' AND due_at IS NULL;
            END;
            """
    }()
}
