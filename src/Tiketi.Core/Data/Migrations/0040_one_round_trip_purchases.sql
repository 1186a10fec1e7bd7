-- 0040_one_round_trip_purchases.sql — the quantity purchase (REST 3.8) as one function, so it costs the
-- application ONE round trip instead of six (BEGIN, on-sale check, prices, reservation, items, one decrement per
-- ticket type, COMMIT) while the hot ticket_types row is locked for the whole of it.
--
--  * tiketi_purchase_tickets: the event must exist and be on sale (the condition tiketi_hold_seats checks); the wanted ticket types (distinct ids, merged
--    quantities, in id order) must all belong to it; they are locked in id order (as releases lock them, so the
--    two cannot deadlock) and judged on what the locks show — every one must have enough left, or nothing changes
--    (no rollback needed). Then the reservation (pending, expiring after p_hold_time) and its items are inserted
--    at the locked prices and the stock is taken. Returns the outcome ('purchased', 'event_not_found',
--    'not_on_sale', 'ticket_not_found', 'not_enough' with the first short type's name and what is left,
--    'amount_too_large') and, when purchased, one row per ticket type with its new stock.

CREATE OR REPLACE FUNCTION tiketi_purchase_tickets(
    p_user_id uuid,
    p_event_id uuid,
    p_ticket_type_ids uuid[],
    p_quantities integer[],
    p_reservation_id uuid,
    p_reservation_number text,
    p_hold_time interval)
RETURNS TABLE (outcome text, expires_at timestamptz, total_amount integer, ticket_type_id uuid, name text, available integer, total integer)
LANGUAGE plpgsql
SET plan_cache_mode = force_generic_plan
AS $$
#variable_conflict use_column
DECLARE
    v_on_sale boolean;
    v_found integer;
    v_amount bigint;
    v_expires timestamptz;
BEGIN
    SELECT e.status = 'on_sale' AND now() >= e.sale_start_date AND now() < e.sale_end_date
      INTO v_on_sale
      FROM events e WHERE e.id = p_event_id;
    IF v_on_sale IS NULL THEN
        outcome := 'event_not_found';
    ELSIF NOT v_on_sale THEN
        outcome := 'not_on_sale';
    END IF;
    IF outcome IS NOT NULL THEN
        RETURN NEXT;
        RETURN;
    END IF;

    SELECT count(*)::integer, sum(w.quantity::bigint * t.price)
      INTO v_found, v_amount
      FROM (SELECT t.id, t.price FROM ticket_types t
             WHERE t.id = ANY(p_ticket_type_ids) AND t.event_id = p_event_id
             ORDER BY t.id
               FOR UPDATE) AS t
      JOIN unnest(p_ticket_type_ids, p_quantities) AS w(id, quantity) ON w.id = t.id;
    IF v_found <> cardinality(p_ticket_type_ids) THEN
        outcome := 'ticket_not_found';
        RETURN NEXT;
        RETURN;
    END IF;

    -- The rows are locked by this transaction: what this reads cannot change before the commit.
    SELECT 'not_enough', t.name::text, t.available_quantity
      INTO outcome, name, available
      FROM ticket_types t JOIN unnest(p_ticket_type_ids, p_quantities) AS w(id, quantity) ON w.id = t.id
     WHERE t.available_quantity < w.quantity
     ORDER BY t.id
     LIMIT 1;
    IF outcome IS NULL AND v_amount > 2147483647 THEN
        outcome := 'amount_too_large';
    END IF;
    IF outcome IS NOT NULL THEN
        RETURN NEXT;
        RETURN;
    END IF;

    INSERT INTO reservations (id, user_id, event_id, reservation_number, total_amount, status, payment_status, expires_at)
    VALUES (p_reservation_id, p_user_id, p_event_id, p_reservation_number, v_amount::integer, 'pending', 'pending', now() + p_hold_time)
    RETURNING reservations.expires_at INTO v_expires;

    INSERT INTO reservation_items (reservation_id, ticket_type_id, seat_id, quantity, unit_price, subtotal)
    SELECT p_reservation_id, t.id, NULL, w.quantity, t.price, w.quantity * t.price
      FROM unnest(p_ticket_type_ids, p_quantities) WITH ORDINALITY AS w(id, quantity, ord)
      JOIN ticket_types t ON t.id = w.id
     ORDER BY w.ord;

    RETURN QUERY
    UPDATE ticket_types t
       SET available_quantity = t.available_quantity - w.quantity, updated_at = now()
      FROM unnest(p_ticket_type_ids, p_quantities) AS w(id, quantity)
     WHERE t.id = w.id
    RETURNING 'purchased'::text, v_expires, v_amount::integer, t.id, t.name::text, t.available_quantity, t.total_quantity;
END
$$;
