-- SeatHold.lua — hold a set of seats for one owner, all seats or none.
--
-- KEYS[1..n]  one hold key per seat, e.g. hold:{<eventId>}:<seatId> (same hash tag per event)
-- ARGV[1]     owner token (the reservation id the hold is for)
-- ARGV[2]     hold time in milliseconds (> 0)
-- ARGV[3..]   the seat ids, in the same order as KEYS (only used to report conflicts)
--
-- Guarantees: atomically, either every key is set to the owner with the given TTL and the
-- script returns an empty array, or nothing is written and the script returns the seat ids
-- whose keys are already held (by anyone, the same owner included). A hold only ever ends
-- by TTL or by SeatRelease.lua with the same owner token, so it cannot be taken over.
local conflicts = {}
for i = 1, #KEYS do
  if redis.call('EXISTS', KEYS[i]) == 1 then
    conflicts[#conflicts + 1] = ARGV[i + 2]
  end
end
if #conflicts > 0 then
  return conflicts
end
for i = 1, #KEYS do
  redis.call('SET', KEYS[i], ARGV[1], 'PX', ARGV[2])
end
return conflicts
