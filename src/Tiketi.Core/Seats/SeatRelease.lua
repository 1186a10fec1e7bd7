-- SeatRelease.lua — release seat holds, but only those still owned by the caller.
--
-- KEYS[1..n]  hold keys, e.g. hold:{<eventId>}:<seatId>
-- ARGV[1]     owner token (the reservation id the holds were taken for)
--
-- Guarantees: a key is deleted only if its value equals the owner token (compare-and-delete
-- in one atomic step), so a slow caller can never delete a hold that another reservation
-- took after this one lapsed. Returns the number of keys deleted.
local released = 0
for i = 1, #KEYS do
  if redis.call('GET', KEYS[i]) == ARGV[1] then
    redis.call('DEL', KEYS[i])
    released = released + 1
  end
end
return released
