-- Re-announces one instance and replaces its room counts in one step (so counts lost with a
-- Redis restart, or skewed by reordered updates, are exact again after one heartbeat), and
-- forgets instances whose heartbeat is older than the TTL.
-- KEYS[1] instances sorted set, KEYS[2] this instance's room count hash
-- ARGV[1] instance id, ARGV[2] TTL ms, ARGV[3..] room, count, room, count, ...
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local ttl = tonumber(ARGV[2])
redis.call('DEL', KEYS[2])
for i = 3, #ARGV, 2 do
  redis.call('HSET', KEYS[2], ARGV[i], ARGV[i + 1])
end
if #ARGV > 2 then
  redis.call('PEXPIRE', KEYS[2], ttl)
end
redis.call('ZADD', KEYS[1], now, ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - ttl)
return 1
