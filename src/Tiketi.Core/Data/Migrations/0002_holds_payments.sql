-- 0002_holds_payments.sql — the database half of "no seat is ever sold twice".
--
-- Guarantees, independent of any application code (admin tools included):
--  * A seat belongs to at most one live (not cancelled) reservation: reservation_items.live
--    follows its reservation's status through a trigger, and a partial unique index refuses
--    a second live item for the same seat.
--  * reservations.payment_claimed_at marks a payment in flight: only one payer can claim a
--    reservation, and the hold-expiry service leaves claimed reservations alone until the
--    claim times out (so a payment racing expiry ends paid or released, never both).
--  (Stock bounds and the expiry/list indexes are already in 0001.)

ALTER TABLE reservation_items ADD COLUMN IF NOT EXISTS live BOOLEAN NOT NULL DEFAULT TRUE;

UPDATE reservation_items i SET live = FALSE
  FROM reservations r
 WHERE r.id = i.reservation_id AND r.status = 'cancelled' AND i.live;

CREATE OR REPLACE FUNCTION reservation_items_follow_status() RETURNS trigger AS $$
BEGIN
  IF NEW.status = 'cancelled' AND OLD.status IS DISTINCT FROM 'cancelled' THEN
    UPDATE reservation_items SET live = FALSE WHERE reservation_id = NEW.id AND live;
  ELSIF NEW.status <> 'cancelled' AND OLD.status = 'cancelled' THEN
    -- Reviving a cancelled reservation fails on the unique index if its seat was resold.
    UPDATE reservation_items SET live = TRUE WHERE reservation_id = NEW.id AND NOT live;
  END IF;
  RETURN NEW;
END
$$ LANGUAGE plpgsql;

DROP TRIGGER IF EXISTS reservations_items_follow_status ON reservations;
CREATE TRIGGER reservations_items_follow_status
  AFTER UPDATE OF status ON reservations
  FOR EACH ROW EXECUTE FUNCTION reservation_items_follow_status();

-- A database upgraded from the old backend may already hold a seat twice (its defects 2/4):
-- the confirmed, then newest, claim stays live so the index can be built.
UPDATE reservation_items i SET live = FALSE
 WHERE i.live AND i.seat_id IS NOT NULL AND EXISTS (
       SELECT 1
         FROM reservation_items o
         JOIN reservations ro ON ro.id = o.reservation_id
         JOIN reservations ri ON ri.id = i.reservation_id
        WHERE o.seat_id = i.seat_id AND o.live AND o.id <> i.id
          AND (ro.status = 'confirmed', ro.created_at, o.id) > (ri.status = 'confirmed', ri.created_at, i.id));

CREATE UNIQUE INDEX IF NOT EXISTS reservation_items_one_live_seat
  ON reservation_items (seat_id) WHERE seat_id IS NOT NULL AND live;

ALTER TABLE reservations ADD COLUMN IF NOT EXISTS payment_claimed_at TIMESTAMPTZ;
