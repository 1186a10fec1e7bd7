-- 0030_one_round_trip_holds.sql — the seat hold, the owner's cancel and the inventory release as functions, so
-- each costs the application ONE round trip (one statement in its own implicit transaction) instead of one per
-- statement plus BEGIN/COMMIT. They are the multi-statement transactions they replace, step by step:
--
--  * tiketi_hold_seats: one user's holds for one event are serialised by the transaction-scoped advisory lock
--    on hashtextextended(<user id hex><event id hex>, 7) (the key the application took before, so old and new
--    code exclude each other); the event must exist and be on sale; the user's pending, unexpired held seats plus
--    the requested ones may not exceed p_max_seats; then every requested seat moves available → locked and the
--    reservation and its items are inserted — or no seat changes at all. Returns one row: the outcome
--    ('held', 'event_not_found', 'not_on_sale', 'max_seats', 'seat_not_found', 'seat_taken') and, when held,
--    the expiry, the total and the seats' labels and prices in request order.
--  * tiketi_release_inventory: frees the reservations' seats that are still locked (sold ones too when
--    p_include_sold) and restores their stock, locking rows in id order so concurrent releases and purchases
--    cannot deadlock. The caller holds the reservations' row locks and flips their status in the same
--    transaction. Returns one row per freed seat (reservation_id, event_id, seat_id) and then one per restored
--    ticket type (event_id, ticket_type_id, available, total).
--  * tiketi_cancel_reservation: the owner's cancel — locks the reservation (another user's is 'not_found'),
--    refuses 'already_cancelled' and, while a payment claim is fresh, 'payment_in_progress'; otherwise releases
--    its inventory (sold seats included), marks it cancelled (completed → refunded; unpaid stays pending) and
--    returns outcome 'cancelled' with refund (whether money was taken) on every row, plus the released rows.
--
-- Races are still errors, as before (the one-live-seat index, the cancelled-event trigger, deadlocks): they
-- roll the whole call back. Every function runs volatile (each statement takes a fresh snapshot, so the count
-- after the advisory lock sees the holds committed while waiting for it) and with generic plans: their
-- statements are the same few shapes on every call, so planning five custom plans per session buys nothing.

CREATE OR REPLACE FUNCTION tiketi_hold_seats(
    p_user_id uuid,
    p_event_id uuid,
    p_seat_ids uuid[],
    p_reservation_id uuid,
    p_reservation_number text,
    p_hold_time interval,
    p_max_seats integer,
    OUT outcome text,
    OUT held_until timestamptz,
    OUT total integer,
    OUT labels text[],
    OUT prices integer[])
LANGUAGE plpgsql
SET plan_cache_mode = force_generic_plan
AS $$
DECLARE
    v_on_sale boolean;
    v_held integer;
    v_free integer;
    v_requested integer := cardinality(p_seat_ids);
BEGIN
    PERFORM pg_advisory_xact_lock(hashtextextended(replace(p_user_id::text, '-', '') || replace(p_event_id::text, '-', ''), 7));

    -- Checked after Redis (in the caller), so a contended seat is refused without reaching PostgreSQL.
    SELECT e.status = 'on_sale' AND now() >= e.sale_start_date AND now() < e.sale_end_date
      INTO v_on_sale
      FROM events e WHERE e.id = p_event_id;
    IF v_on_sale IS NULL THEN
        outcome := 'event_not_found';
        RETURN;
    ELSIF NOT v_on_sale THEN
        outcome := 'not_on_sale';
        RETURN;
    END IF;

    SELECT count(*)::integer INTO v_held
      FROM reservations r JOIN reservation_items i ON i.reservation_id = r.id
     WHERE r.user_id = p_user_id AND r.event_id = p_event_id AND r.status = 'pending'
       AND r.expires_at > now() AND i.seat_id IS NOT NULL;
    IF v_held + v_requested > p_max_seats THEN
        outcome := 'max_seats';
        RETURN;
    END IF;

    -- All or nothing without a rollback: lock the requested seats that are still available (in id order; a row
    -- another transaction is changing is re-checked once that one ends) and change them only if that is all of
    -- them. Duplicate ids can never all match, as each seat row is found once.
    SELECT count(*)::integer INTO v_free
      FROM (SELECT s.id FROM seats s
             WHERE s.id = ANY(p_seat_ids) AND s.event_id = p_event_id AND s.status = 'available'
             ORDER BY s.id
               FOR UPDATE) AS free;
    IF v_free <> v_requested THEN
        SELECT CASE WHEN count(*) <> v_requested THEN 'seat_not_found' ELSE 'seat_taken' END
          INTO outcome
          FROM seats s WHERE s.id = ANY(p_seat_ids) AND s.event_id = p_event_id;
        RETURN;
    END IF;

    WITH locked AS (
        UPDATE seats s SET status = 'locked', updated_at = now()
         WHERE s.id = ANY(p_seat_ids) AND s.event_id = p_event_id AND s.status = 'available'
        RETURNING s.id, s.seat_label, s.price
    )
    SELECT array_agg(l.seat_label::text ORDER BY w.ord), array_agg(l.price ORDER BY w.ord), sum(l.price)::integer
      INTO labels, prices, total
      FROM unnest(p_seat_ids) WITH ORDINALITY AS w(id, ord) JOIN locked l ON l.id = w.id;

    INSERT INTO reservations (id, user_id, event_id, reservation_number, total_amount, status, payment_status, expires_at)
    VALUES (p_reservation_id, p_user_id, p_event_id, p_reservation_number, total, 'pending', 'pending', now() + p_hold_time)
    RETURNING reservations.expires_at INTO held_until;

    INSERT INTO reservation_items (reservation_id, ticket_type_id, seat_id, quantity, unit_price, subtotal)
    SELECT p_reservation_id, NULL, seat.id, 1, seat.price, seat.price
      FROM unnest(p_seat_ids, prices) AS seat(id, price);

    outcome := 'held';
END
$$;

CREATE OR REPLACE FUNCTION tiketi_release_inventory(p_reservation_ids uuid[], p_include_sold boolean)
RETURNS TABLE (reservation_id uuid, event_id uuid, seat_id uuid, ticket_type_id uuid, available integer, total integer)
LANGUAGE plpgsql
SET plan_cache_mode = force_generic_plan
AS $$
#variable_conflict use_column
BEGIN
    -- A seat is freed only while it is still locked (or sold, for a user cancel) — and, thanks to the
    -- one-live-seat index, a live reservation is the only one that can hold it.
    RETURN QUERY
    WITH mine AS (
        SELECT i.reservation_id, i.seat_id
          FROM reservation_items i
         WHERE i.reservation_id = ANY(p_reservation_ids) AND i.seat_id IS NOT NULL
    ), locked AS (
        SELECT s.id FROM seats s JOIN mine ON mine.seat_id = s.id
         WHERE s.status = ANY(CASE WHEN p_include_sold THEN ARRAY['locked', 'reserved'] ELSE ARRAY['locked'] END)
         ORDER BY s.id
           FOR UPDATE OF s
    ), freed AS (
        UPDATE seats s SET status = 'available', updated_at = now()
          FROM mine, locked
         WHERE s.id = mine.seat_id AND s.id = locked.id
        RETURNING mine.reservation_id, s.event_id, s.id
    )
    SELECT freed.reservation_id, freed.event_id, freed.id, NULL::uuid, NULL::integer, NULL::integer FROM freed;

    RETURN QUERY
    WITH wanted AS (
        SELECT i.ticket_type_id, sum(i.quantity)::integer AS quantity
          FROM reservation_items i
         WHERE i.reservation_id = ANY(p_reservation_ids) AND i.ticket_type_id IS NOT NULL
         GROUP BY i.ticket_type_id
    ), locked AS (
        SELECT t.id FROM ticket_types t JOIN wanted w ON w.ticket_type_id = t.id
         ORDER BY t.id
           FOR UPDATE OF t
    ), restored AS (
        UPDATE ticket_types t SET available_quantity = t.available_quantity + w.quantity, updated_at = now()
          FROM wanted w, locked
         WHERE t.id = w.ticket_type_id AND t.id = locked.id
        RETURNING t.event_id, t.id, t.available_quantity, t.total_quantity
    )
    SELECT NULL::uuid, restored.event_id, NULL::uuid, restored.id, restored.available_quantity, restored.total_quantity FROM restored;
END
$$;

CREATE OR REPLACE FUNCTION tiketi_cancel_reservation(p_reservation_id uuid, p_user_id uuid, p_claim_timeout interval)
RETURNS TABLE (outcome text, refund boolean, reservation_id uuid, event_id uuid, seat_id uuid, ticket_type_id uuid, available integer, total integer)
LANGUAGE plpgsql
SET plan_cache_mode = force_generic_plan
AS $$
#variable_conflict use_column
DECLARE
    v_status text;
    v_payment_status text;
    v_payment_in_flight boolean;
    v_released boolean;
BEGIN
    SELECT r.status, r.payment_status, (r.payment_claimed_at IS NOT NULL AND r.payment_claimed_at > now() - p_claim_timeout)
      INTO v_status, v_payment_status, v_payment_in_flight
      FROM reservations r WHERE r.id = p_reservation_id AND r.user_id = p_user_id
       FOR UPDATE;
    IF NOT FOUND THEN
        outcome := 'not_found';
    ELSIF v_status = 'cancelled' THEN
        outcome := 'already_cancelled';
    ELSIF v_status = 'pending' AND v_payment_in_flight THEN
        outcome := 'payment_in_progress';
    END IF;
    IF outcome IS NOT NULL THEN
        RETURN NEXT;
        RETURN;
    END IF;

    outcome := 'cancelled';
    refund := v_payment_status = 'completed';
    RETURN QUERY
    SELECT 'cancelled'::text, v_payment_status = 'completed', x.reservation_id, x.event_id, x.seat_id, x.ticket_type_id, x.available, x.total
      FROM tiketi_release_inventory(ARRAY[p_reservation_id], true) AS x;
    v_released := FOUND;

    UPDATE reservations r
       SET status = 'cancelled',
           payment_status = CASE WHEN r.payment_status = 'completed' THEN 'refunded' ELSE r.payment_status END,
           updated_at = now()
     WHERE r.id = p_reservation_id;

    -- Nothing was left to give back: the outcome still needs its row.
    IF NOT v_released THEN
        RETURN NEXT;
    END IF;
END
$$;
