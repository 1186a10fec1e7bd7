-- WaitingRoomStatus.lua — where a user stands, without enrolling anyone.
--
-- KEYS[1] wr:{e}:waiting, KEYS[2] wr:{e}:active, KEYS[3] wr:{e}:settings, KEYS[4] wr:{e}:stats
-- ARGV[1] user id, ARGV[2] active expiry in ms
--
-- Guarantees: an active user's expiry is refreshed (a status call is activity); a waiting user's
-- position is the 1-based rank by sequence; expired active users are dropped first; nobody is
-- added. A disabled queue reports nobody as waiting.
-- Returns {state, position, waiting, active, capacity, rate, measured}, state 1 = active,
-- 2 = waiting, 3 = neither; {-1} when the settings are missing.
local s = redis.call('HMGET', KEYS[3], 'c', 'r', 'e')
if not s[1] then
  return {-1}
end
local capacity, rate, enabled = tonumber(s[1]), tonumber(s[2]), s[3] == '1'
local measured = tonumber(redis.call('HGET', KEYS[4], 'm') or '0')
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local user = ARGV[1]
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now)
local waiting = redis.call('ZCARD', KEYS[1])
local active = redis.call('ZCARD', KEYS[2])

if redis.call('ZSCORE', KEYS[2], user) then
  redis.call('ZADD', KEYS[2], now + tonumber(ARGV[2]), user)
  return {1, 0, waiting, active, capacity, rate, measured}
end

local rank = redis.call('ZRANK', KEYS[1], user)
if rank and enabled then
  return {2, rank + 1, waiting, active, capacity, rate, measured}
end
return {3, 0, waiting, active, capacity, rate, measured}
