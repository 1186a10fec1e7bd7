-- 0001 initial schema.
-- Guarantees: afterwards the database has the DATA.md §1 tables and columns (same names), every timestamp is
-- timestamptz, every id defaults to gen_random_uuid(), updated_at is maintained by one trigger function, and the
-- constraints/indexes the original lacked exist. Works on an empty database AND on one created by the old
-- backend's init.sql (naive Asia/Seoul timestamps, uuid-ossp defaults, its own triggers and index names): that
-- database is upgraded in place without losing rows, and both paths end in the same schema.
-- Runs in one transaction (MigrationRunner).

CREATE TABLE IF NOT EXISTS users (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    email VARCHAR(255) UNIQUE NOT NULL,
    password_hash VARCHAR(255) NOT NULL,
    name VARCHAR(100) NOT NULL,
    phone VARCHAR(20),
    role VARCHAR(20) DEFAULT 'user' CHECK (role IN ('user', 'admin')),
    created_at TIMESTAMPTZ DEFAULT now(),
    updated_at TIMESTAMPTZ DEFAULT now()
);

CREATE TABLE IF NOT EXISTS seat_layouts (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    name VARCHAR(100) UNIQUE NOT NULL,
    description TEXT,
    total_seats INTEGER NOT NULL,
    layout_config JSONB NOT NULL,
    created_at TIMESTAMPTZ DEFAULT now(),
    updated_at TIMESTAMPTZ DEFAULT now()
);

CREATE TABLE IF NOT EXISTS events (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    title VARCHAR(255) NOT NULL,
    description TEXT,
    venue VARCHAR(255) NOT NULL,
    address TEXT,
    event_date TIMESTAMPTZ NOT NULL,
    sale_start_date TIMESTAMPTZ NOT NULL,
    sale_end_date TIMESTAMPTZ NOT NULL,
    poster_image_url TEXT,
    status VARCHAR(20) DEFAULT 'upcoming' CHECK (status IN ('upcoming', 'on_sale', 'sold_out', 'ended', 'cancelled')),
    seat_layout_id UUID REFERENCES seat_layouts(id),
    artist_name VARCHAR(255),
    pre_scaled BOOLEAN DEFAULT FALSE,
    created_by UUID REFERENCES users(id),
    created_at TIMESTAMPTZ DEFAULT now(),
    updated_at TIMESTAMPTZ DEFAULT now()
);

CREATE TABLE IF NOT EXISTS ticket_types (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    event_id UUID REFERENCES events(id) ON DELETE CASCADE,
    name VARCHAR(100) NOT NULL,
    price INTEGER NOT NULL,
    total_quantity INTEGER NOT NULL,
    available_quantity INTEGER NOT NULL,
    description TEXT,
    created_at TIMESTAMPTZ DEFAULT now(),
    updated_at TIMESTAMPTZ DEFAULT now()
);

CREATE TABLE IF NOT EXISTS seats (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    event_id UUID NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    section VARCHAR(50) NOT NULL,
    row_number INTEGER NOT NULL,
    seat_number INTEGER NOT NULL,
    seat_label VARCHAR(20) NOT NULL,
    price INTEGER NOT NULL,
    status VARCHAR(20) DEFAULT 'available' CHECK (status IN ('available', 'reserved', 'locked')),
    created_at TIMESTAMPTZ DEFAULT now(),
    updated_at TIMESTAMPTZ DEFAULT now(),
    UNIQUE (event_id, section, row_number, seat_number)
);

CREATE TABLE IF NOT EXISTS reservations (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id UUID REFERENCES users(id),
    event_id UUID REFERENCES events(id),
    reservation_number VARCHAR(50) UNIQUE NOT NULL,
    total_amount INTEGER NOT NULL,
    status VARCHAR(20) DEFAULT 'pending' CHECK (status IN ('pending', 'confirmed', 'cancelled')),
    payment_method VARCHAR(50),
    payment_status VARCHAR(20) DEFAULT 'pending' CHECK (payment_status IN ('pending', 'completed', 'failed', 'refunded')),
    expires_at TIMESTAMPTZ,
    created_at TIMESTAMPTZ DEFAULT now(),
    updated_at TIMESTAMPTZ DEFAULT now()
);

CREATE TABLE IF NOT EXISTS reservation_items (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    reservation_id UUID REFERENCES reservations(id) ON DELETE CASCADE,
    ticket_type_id UUID REFERENCES ticket_types(id),
    seat_id UUID REFERENCES seats(id) ON DELETE SET NULL,
    quantity INTEGER NOT NULL,
    unit_price INTEGER NOT NULL,
    subtotal INTEGER NOT NULL,
    created_at TIMESTAMPTZ DEFAULT now()
);

-- Old schema: naive timestamps held Asia/Seoul wall-clock time; convert them to the instants they meant.
DO $$
DECLARE c record;
BEGIN
    FOR c IN
        SELECT table_name, column_name FROM information_schema.columns
        WHERE table_schema = current_schema()
          AND data_type = 'timestamp without time zone'
          AND table_name IN ('users', 'seat_layouts', 'events', 'ticket_types', 'seats', 'reservations', 'reservation_items')
    LOOP
        EXECUTE format('ALTER TABLE %I ALTER COLUMN %I TYPE timestamptz USING %I AT TIME ZONE ''Asia/Seoul''',
                       c.table_name, c.column_name, c.column_name);
    END LOOP;
END $$;

-- Ids from PostgreSQL core (no uuid-ossp); creation/update stamps always present.
DO $$
DECLARE t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['users', 'seat_layouts', 'events', 'ticket_types', 'seats', 'reservations', 'reservation_items']
    LOOP
        EXECUTE format('ALTER TABLE %I ALTER COLUMN id SET DEFAULT gen_random_uuid()', t);
        EXECUTE format('UPDATE %I SET created_at = now() WHERE created_at IS NULL', t);
        EXECUTE format('ALTER TABLE %I ALTER COLUMN created_at SET DEFAULT now(), ALTER COLUMN created_at SET NOT NULL', t);
        IF t <> 'reservation_items' THEN
            EXECUTE format('UPDATE %I SET updated_at = now() WHERE updated_at IS NULL', t);
            EXECUTE format('ALTER TABLE %I ALTER COLUMN updated_at SET DEFAULT now(), ALTER COLUMN updated_at SET NOT NULL', t);
        END IF;
    END LOOP;
END $$;

-- Data the new constraints would reject (the old seed had no stock CHECK at all).
UPDATE users SET role = 'user' WHERE role IS NULL;
UPDATE events SET status = 'upcoming' WHERE status IS NULL;
UPDATE events SET pre_scaled = FALSE WHERE pre_scaled IS NULL;
UPDATE seats SET status = 'available' WHERE status IS NULL;
UPDATE reservations SET status = 'pending' WHERE status IS NULL;
UPDATE reservations SET payment_status = 'pending' WHERE payment_status IS NULL;
UPDATE ticket_types SET price = 0 WHERE price < 0;
UPDATE ticket_types SET total_quantity = 0 WHERE total_quantity < 0;
UPDATE ticket_types SET available_quantity = LEAST(GREATEST(available_quantity, 0), total_quantity)
WHERE available_quantity < 0 OR available_quantity > total_quantity;
UPDATE seats SET price = 0 WHERE price < 0;

ALTER TABLE users ALTER COLUMN role SET NOT NULL;
ALTER TABLE events ALTER COLUMN status SET NOT NULL;
ALTER TABLE events ALTER COLUMN pre_scaled SET NOT NULL;
ALTER TABLE seats ALTER COLUMN status SET NOT NULL;
ALTER TABLE reservations ALTER COLUMN status SET NOT NULL;
ALTER TABLE reservations ALTER COLUMN payment_status SET NOT NULL;

CREATE OR REPLACE FUNCTION pg_temp.tiketi_add_check(tbl text, name text, definition text) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conname = name AND conrelid = tbl::regclass) THEN
        EXECUTE format('ALTER TABLE %I ADD CONSTRAINT %I CHECK (%s)', tbl, name, definition);
    END IF;
END $$;

SELECT pg_temp.tiketi_add_check('ticket_types', 'ticket_types_price_check', 'price >= 0');
SELECT pg_temp.tiketi_add_check('ticket_types', 'ticket_types_quantity_check', 'available_quantity >= 0 AND available_quantity <= total_quantity');
SELECT pg_temp.tiketi_add_check('seats', 'seats_price_check', 'price >= 0');

-- One trigger function for updated_at; the old backend's triggers (any name) are replaced.
CREATE OR REPLACE FUNCTION tiketi_set_updated_at() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.updated_at = now();
    RETURN NEW;
END $$;

DO $$
DECLARE tr record;
DECLARE t text;
BEGIN
    FOR tr IN
        SELECT c.relname AS table_name, g.tgname AS trigger_name
        FROM pg_trigger g JOIN pg_class c ON c.oid = g.tgrelid
        WHERE NOT g.tgisinternal
          AND c.relnamespace = current_schema()::regnamespace
          AND c.relname IN ('users', 'seat_layouts', 'events', 'ticket_types', 'seats', 'reservations')
    LOOP
        EXECUTE format('DROP TRIGGER %I ON %I', tr.trigger_name, tr.table_name);
    END LOOP;
    FOREACH t IN ARRAY ARRAY['users', 'seat_layouts', 'events', 'ticket_types', 'seats', 'reservations']
    LOOP
        EXECUTE format('CREATE TRIGGER %I BEFORE UPDATE ON %I FOR EACH ROW EXECUTE FUNCTION tiketi_set_updated_at()',
                       t || '_set_updated_at', t);
    END LOOP;
    BEGIN
        DROP FUNCTION IF EXISTS update_updated_at_column();
    EXCEPTION WHEN dependent_objects_still_exist THEN
        NULL;
    END;
END $$;

-- Indexes: the old backend's plain indexes (whatever their names) are replaced by this canonical set.
DO $$
DECLARE ix record;
BEGIN
    FOR ix IN
        SELECT i.relname AS index_name
        FROM pg_index x
        JOIN pg_class i ON i.oid = x.indexrelid
        JOIN pg_class t ON t.oid = x.indrelid
        WHERE t.relnamespace = current_schema()::regnamespace
          AND t.relname IN ('users', 'seat_layouts', 'events', 'ticket_types', 'seats', 'reservations', 'reservation_items')
          AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = x.indexrelid)
    LOOP
        EXECUTE format('DROP INDEX %I', ix.index_name);
    END LOOP;
END $$;

CREATE INDEX IF NOT EXISTS idx_events_event_date ON events (event_date);
CREATE INDEX IF NOT EXISTS idx_events_status ON events (status);
CREATE INDEX IF NOT EXISTS idx_events_sale_start_date ON events (sale_start_date);
CREATE INDEX IF NOT EXISTS idx_events_seat_layout_id ON events (seat_layout_id);
CREATE INDEX IF NOT EXISTS idx_events_artist_name ON events (artist_name);
CREATE INDEX IF NOT EXISTS idx_events_created_by ON events (created_by);
CREATE INDEX IF NOT EXISTS idx_ticket_types_event_id ON ticket_types (event_id);
CREATE INDEX IF NOT EXISTS idx_seats_event_id_status ON seats (event_id, status);
CREATE INDEX IF NOT EXISTS idx_reservations_user_id_created_at ON reservations (user_id, created_at DESC);
CREATE INDEX IF NOT EXISTS idx_reservations_event_id ON reservations (event_id);
CREATE INDEX IF NOT EXISTS idx_reservations_status ON reservations (status);
CREATE INDEX IF NOT EXISTS idx_reservations_created_at ON reservations (created_at DESC);
CREATE INDEX IF NOT EXISTS idx_reservations_pending_expires_at ON reservations (expires_at) WHERE status = 'pending';
CREATE INDEX IF NOT EXISTS idx_reservation_items_reservation_id ON reservation_items (reservation_id);
CREATE INDEX IF NOT EXISTS idx_reservation_items_seat_id ON reservation_items (seat_id);
CREATE INDEX IF NOT EXISTS idx_reservation_items_ticket_type_id ON reservation_items (ticket_type_id);
