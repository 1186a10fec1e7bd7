-- WaitingRoomAdmit.lua — one admission step of the event's single admission loop.
--
-- KEYS[1] wr:{e}:lease     the loop's lease: "<owner>:<fencing token>"
-- KEYS[2] wr:{e}:waiting   KEYS[3] wr:{e}:active   KEYS[4] wr:{e}:settings
-- KEYS[5] wr:{e}:stats     KEYS[6] wr:events
-- ARGV[1] lease value the caller believes it holds, ARGV[2] lease TTL in ms
-- ARGV[3] active expiry in ms, ARGV[4] most users to admit now (the caller's rate budget)
-- ARGV[5] event id, ARGV[6] measured admissions/s x1000 ('' = no measurement yet)
--
-- Guarantees, atomically:
--  * fencing: nothing happens unless the lease still holds exactly ARGV[1] (a paused or
--    partitioned former holder can never admit after another instance took over); the lease
--    is renewed when it does;
--  * admits from the front (lowest sequence) only: at most ARGV[4] users and never beyond
--    capacity (expired active users are dropped first); none while paused; a disabled queue
--    releases its waiting users regardless of capacity;
--  * each admitted user leaves the waiting list and becomes active in the same step, so no user
--    is ever admitted twice;
--  * the event leaves wr:events once its waiting list is empty.
-- Returns {admitted, waiting, active, configured rate, id...}; {-2} when the lease is lost, {-1}
-- when the settings are missing.
if redis.call('GET', KEYS[1]) ~= ARGV[1] then
  return {-2}
end
redis.call('PEXPIRE', KEYS[1], ARGV[2])
local s = redis.call('HMGET', KEYS[4], 'c', 'e', 'p', 'r')
if not s[1] then
  return {-1}
end
local capacity, enabled, paused, rate = tonumber(s[1]), s[2] == '1', s[3] == '1', tonumber(s[4])
if ARGV[6] ~= '' then
  redis.call('HSET', KEYS[5], 'm', ARGV[6])
  redis.call('PEXPIRE', KEYS[5], 10000)
end
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[3], '-inf', now)
local waiting = redis.call('ZCARD', KEYS[2])
local active = redis.call('ZCARD', KEYS[3])
if waiting == 0 then
  redis.call('SREM', KEYS[6], ARGV[5])
  return {0, 0, active, rate}
end

local budget = tonumber(ARGV[4])
if enabled then
  if paused then
    budget = 0
  elseif capacity - active < budget then
    budget = capacity - active
  end
end
if budget <= 0 then
  return {0, waiting, active, rate}
end

local popped = redis.call('ZPOPMIN', KEYS[2], budget)
local result = {0, 0, 0, rate}
local expiry = now + tonumber(ARGV[3])
for i = 1, #popped, 2 do
  redis.call('ZADD', KEYS[3], expiry, popped[i])
  result[#result + 1] = popped[i]
end
result[1] = #result - 4
result[2] = waiting - result[1]
result[3] = active + result[1]
if result[2] == 0 then
  redis.call('SREM', KEYS[6], ARGV[5])
end
return result
