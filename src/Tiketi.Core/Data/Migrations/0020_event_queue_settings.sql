-- 0020_event_queue_settings.sql — per-event waiting-room settings (the queue itself lives in Redis).
--
-- Guarantees:
--  * an event without a row uses the defaults below (enabled, 500 concurrent buyers, 50
--    admissions/s), so every event — the demo events included — engages its queue when busy;
--  * values stay in range whatever writes them (admin tools included);
--  * version increases on every change (the Redis mirror never goes back to an older version);
--  * the row disappears with its event.
CREATE TABLE IF NOT EXISTS event_queue_settings (
    event_id UUID PRIMARY KEY REFERENCES events(id) ON DELETE CASCADE,
    capacity INTEGER NOT NULL DEFAULT 500 CHECK (capacity BETWEEN 1 AND 1000000),
    admission_rate_per_second INTEGER NOT NULL DEFAULT 50 CHECK (admission_rate_per_second BETWEEN 1 AND 100000),
    enabled BOOLEAN NOT NULL DEFAULT TRUE,
    paused BOOLEAN NOT NULL DEFAULT FALSE,
    version BIGINT NOT NULL DEFAULT 1,
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
