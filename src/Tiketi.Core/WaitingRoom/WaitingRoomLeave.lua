-- WaitingRoomLeave.lua — a user gives up their place (and their active slot).
--
-- KEYS[1] wr:{e}:waiting, KEYS[2] wr:{e}:active
-- ARGV[1] user id
--
-- Guarantees: the user is in neither set afterwards; everyone behind moves up by one, because
-- positions are ranks, not stored numbers. Returns {wasWaiting, wasActive} as 0/1.
return {redis.call('ZREM', KEYS[1], ARGV[1]), redis.call('ZREM', KEYS[2], ARGV[1])}
