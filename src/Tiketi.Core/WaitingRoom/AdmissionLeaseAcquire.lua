-- AdmissionLeaseAcquire.lua — try to become an event's single admission loop.
--
-- KEYS[1] wr:{e}:lease, KEYS[2] wr:{e}:fence (fencing token counter)
-- ARGV[1] owner id (one per process), ARGV[2] lease TTL in ms
--
-- Guarantees: at most one lease exists per event; each grant carries a fencing token strictly
-- greater than every earlier grant's, so the value "<owner>:<token>" is never reused.
-- Returns the token, or 0 when someone else holds the lease.
if redis.call('EXISTS', KEYS[1]) == 1 then
  return 0
end
local token = redis.call('INCR', KEYS[2])
redis.call('SET', KEYS[1], ARGV[1] .. ':' .. token, 'PX', ARGV[2])
return token
