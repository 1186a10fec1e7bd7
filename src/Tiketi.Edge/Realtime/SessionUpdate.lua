-- Merges one field into a user's realtime session (REALTIME.md §8 with its defect fixed: the
-- first join creates the session). A session belongs to one event ("scope"): a join for
-- another event starts a fresh session, so a restore never mixes rooms of two events; a
-- clear for another event is ignored. TTL is reset on every write.
-- KEYS[1] session hash
-- ARGV[1] event id (scope), ARGV[2] field, ARGV[3] value ('' clears the field),
-- ARGV[4] TTL seconds, ARGV[5] now (epoch ms)
local scope = redis.call('HGET', KEYS[1], 'scope')
if ARGV[3] == '' then
  if scope ~= ARGV[1] then return 0 end
  redis.call('HDEL', KEYS[1], ARGV[2])
else
  if scope and scope ~= ARGV[1] then redis.call('DEL', KEYS[1]) end
  redis.call('HSET', KEYS[1], 'scope', ARGV[1], ARGV[2], ARGV[3])
end
redis.call('HSET', KEYS[1], 'lastActivity', ARGV[5])
redis.call('EXPIRE', KEYS[1], tonumber(ARGV[4]))
return 1
