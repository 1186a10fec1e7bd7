-- WaitingRoomClear.lua — an administrator empties an event's waiting room.
--
-- KEYS[1] wr:{e}:waiting, KEYS[2] wr:{e}:active, KEYS[3] wr:{e}:stats, KEYS[4] wr:events
-- ARGV[1] event id
--
-- Guarantees: the waiting list, the active set and the measured rate are gone in one step; the
-- sequence counter is kept, so later arrivals still get strictly increasing numbers.
-- Returns {waitingRemoved, activeRemoved}.
local waiting = redis.call('ZCARD', KEYS[1])
local active = redis.call('ZCARD', KEYS[2])
redis.call('DEL', KEYS[1], KEYS[2], KEYS[3])
redis.call('SREM', KEYS[4], ARGV[1])
return {waiting, active}
