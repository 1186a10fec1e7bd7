-- WaitingRoomEnter.lua — a user arrives at an event (queue check) or tries to buy (admission gate).
--
-- KEYS[1]  wr:{e}:waiting   sorted set, member = user id, score = INCR sequence (FIFO, no ties)
-- KEYS[2]  wr:{e}:active    sorted set, member = user id, score = expiry (ms since epoch)
-- KEYS[3]  wr:{e}:seq       the event's sequence counter
-- KEYS[4]  wr:{e}:settings  hash c (capacity), r (rate/s), e (enabled 0/1), p (paused 0/1), v (version)
-- KEYS[5]  wr:{e}:stats     hash m (measured admissions/s x1000, written by the admission loop)
-- KEYS[6]  wr:events        set of event ids whose waiting list may be non-empty
-- ARGV[1]  user id
-- ARGV[2]  active expiry in ms (activity refreshes it)
-- ARGV[3]  'check' enqueues a newcomer who cannot enter; 'gate' never enqueues
-- ARGV[4]  event id (member of KEYS[6])
--
-- Guarantees, atomically:
--  * an active user stays active (expiry refreshed); a waiting user keeps the place (idempotent);
--  * a newcomer enters directly only when the queue is enabled, not paused, nobody is waiting
--    and active < capacity — so nobody ever jumps ahead of a waiting user;
--  * otherwise ('check') the newcomer is appended behind everyone with the next sequence number;
--  * expired active users are dropped before anything is counted;
--  * a disabled queue gates nobody: the user becomes active (and leaves the waiting list).
-- Returns {state, position, waiting, active, capacity, rate, measured}, state 1 = active,
-- 2 = waiting (position 1-based), 0 = refused by the gate; {-1} when the settings are missing.
local s = redis.call('HMGET', KEYS[4], 'c', 'r', 'e', 'p')
if not s[1] then
  return {-1}
end
local capacity, rate = tonumber(s[1]), tonumber(s[2])
local enabled, paused = s[3] == '1', s[4] == '1'
local measured = tonumber(redis.call('HGET', KEYS[5], 'm') or '0')
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local user = ARGV[1]
local expiry = now + tonumber(ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now)

if redis.call('ZSCORE', KEYS[2], user) then
  redis.call('ZADD', KEYS[2], expiry, user)
  return {1, 0, redis.call('ZCARD', KEYS[1]), redis.call('ZCARD', KEYS[2]), capacity, rate, measured}
end

local rank = redis.call('ZRANK', KEYS[1], user)
if not enabled then
  if rank then
    redis.call('ZREM', KEYS[1], user)
  end
  redis.call('ZADD', KEYS[2], expiry, user)
  return {1, 0, redis.call('ZCARD', KEYS[1]), redis.call('ZCARD', KEYS[2]), capacity, rate, measured}
end

local waiting = redis.call('ZCARD', KEYS[1])
local active = redis.call('ZCARD', KEYS[2])
if rank then
  return {2, rank + 1, waiting, active, capacity, rate, measured}
end

if not paused and waiting == 0 and active < capacity then
  redis.call('ZADD', KEYS[2], expiry, user)
  return {1, 0, 0, active + 1, capacity, rate, measured}
end

if ARGV[3] ~= 'check' then
  return {0, 0, waiting, active, capacity, rate, measured}
end

local seq = redis.call('INCR', KEYS[3])
redis.call('ZADD', KEYS[1], seq, user)
redis.call('SADD', KEYS[6], ARGV[4])
return {2, waiting + 1, waiting + 1, active, capacity, rate, measured}
