-- 0010 admin: audit log, "no sales on a cancelled event" guard, standard seat layouts.
--
-- Guarantees:
--  * admin_audit_log keeps one row per admin change (who, what, when, row before/after as JSON); rows survive
--    the deletion of the admin (admin_id becomes NULL, admin_email stays).
--  * No reservation can be created for a cancelled (or just deleted) event, whatever code inserts it: the insert
--    takes a SHARE lock on the event row, so an admin cancel (which updates the row) waits for inserts already
--    made to commit, and inserts arriving during the cancel wait for it and then see 'cancelled'. Such an insert
--    fails with SQLSTATE 40001 (serialization_failure), which the purchase paths already treat as "lost the
--    race" (409), never as a server error. SHARE locks of concurrent purchases do not block each other.
--  * GET /api/seats/layouts is never empty (the admin event form waits for a non-empty list): the three standard
--    layouts of DATA.md §8 exist (inserted only when missing by name).

CREATE TABLE IF NOT EXISTS admin_audit_log (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    -- Commit-independent total order of entries (ties in created_at inside one transaction).
    seq BIGINT GENERATED ALWAYS AS IDENTITY,
    admin_id UUID REFERENCES users(id) ON DELETE SET NULL,
    admin_email VARCHAR(255) NOT NULL,
    action VARCHAR(64) NOT NULL,
    target_type VARCHAR(32) NOT NULL,
    target_id UUID,
    before JSONB,
    after JSONB,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE INDEX IF NOT EXISTS idx_admin_audit_log_created_at ON admin_audit_log (created_at DESC, seq DESC);
CREATE INDEX IF NOT EXISTS idx_admin_audit_log_target ON admin_audit_log (target_id, created_at DESC);

CREATE OR REPLACE FUNCTION reservations_refuse_cancelled_event() RETURNS trigger AS $$
DECLARE event_status TEXT;
BEGIN
  IF NEW.event_id IS NOT NULL THEN
    SELECT status INTO event_status FROM events WHERE id = NEW.event_id FOR SHARE;
    -- NOT FOUND: the event was deleted while this insert waited for its row lock.
    IF NOT FOUND OR event_status = 'cancelled' THEN
      RAISE EXCEPTION 'event % is cancelled', NEW.event_id USING ERRCODE = 'serialization_failure';
    END IF;
  END IF;
  RETURN NEW;
END
$$ LANGUAGE plpgsql;

DROP TRIGGER IF EXISTS reservations_refuse_cancelled_event ON reservations;
CREATE TRIGGER reservations_refuse_cancelled_event
  BEFORE INSERT ON reservations
  FOR EACH ROW EXECUTE FUNCTION reservations_refuse_cancelled_event();

INSERT INTO seat_layouts (name, description, total_seats, layout_config) VALUES
 ('small_theater', 'Small theater with 300 seats', 265,
  '{"sections":[{"name":"VIP","rows":3,"seatsPerRow":10,"price":150000,"startRow":1},{"name":"R","rows":5,"seatsPerRow":15,"price":100000,"startRow":4},{"name":"S","rows":8,"seatsPerRow":20,"price":70000,"startRow":9}]}'),
 ('large_theater', 'Large theater with 1500 seats', 1250,
  '{"sections":[{"name":"VIP","rows":5,"seatsPerRow":20,"price":200000,"startRow":1},{"name":"R","rows":10,"seatsPerRow":30,"price":150000,"startRow":6},{"name":"S","rows":15,"seatsPerRow":30,"price":100000,"startRow":16},{"name":"A","rows":10,"seatsPerRow":40,"price":70000,"startRow":31}]}'),
 ('sports_stadium', 'Sports stadium with 5000 seats', 4900,
  '{"sections":[{"name":"Floor1","rows":20,"seatsPerRow":50,"price":80000,"startRow":1},{"name":"Floor2","rows":30,"seatsPerRow":60,"price":50000,"startRow":21},{"name":"Floor3","rows":30,"seatsPerRow":70,"price":30000,"startRow":51}]}')
ON CONFLICT (name) DO NOTHING;
