-- AdmissionLeaseRelease.lua — give a lease back (graceful shutdown) so another instance takes
-- over at once instead of after the TTL.
--
-- KEYS[1] wr:{e}:lease
-- ARGV[1] the lease value "<owner>:<token>" the caller holds
--
-- Guarantees: compare-and-delete; a lease already taken over by someone else is left alone.
-- Returns 1 if released.
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
