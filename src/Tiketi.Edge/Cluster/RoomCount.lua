-- Sets this instance's local member count of one room and returns the room's cluster-wide
-- count: the sum over the instances whose heartbeat is younger than the TTL, so a crashed
-- instance stops counting within one TTL (its hash expires as well). Uses Redis's clock so
-- every instance agrees on "younger".
-- KEYS[1] instances sorted set, KEYS[2] this instance's room count hash
-- ARGV[1] instance id, ARGV[2] room, ARGV[3] local count, ARGV[4] TTL ms, ARGV[5] hash key prefix
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local ttl = tonumber(ARGV[4])
if tonumber(ARGV[3]) > 0 then
  redis.call('HSET', KEYS[2], ARGV[2], ARGV[3])
  redis.call('PEXPIRE', KEYS[2], ttl)
else
  redis.call('HDEL', KEYS[2], ARGV[2])
end
redis.call('ZADD', KEYS[1], now, ARGV[1])
local total = 0
for _, id in ipairs(redis.call('ZRANGEBYSCORE', KEYS[1], now - ttl, '+inf')) do
  local n = redis.call('HGET', ARGV[5] .. id, ARGV[2])
  if n then total = total + tonumber(n) end
end
return total
