-- 0041_queue_capacity_default.sql — an event nobody configured lets 1,000 buyers in at once before queueing, the
-- original's threshold (DATA.md §12), instead of 500. Events with their own settings row keep their capacity; the
-- application's WaitingRoomSettings.Default carries the same value for events without a row.
ALTER TABLE event_queue_settings ALTER COLUMN capacity SET DEFAULT 1000;
