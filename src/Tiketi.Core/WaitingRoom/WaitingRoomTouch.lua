-- WaitingRoomTouch.lua — activity by an active user (REST call, socket in the event's rooms).
--
-- KEYS[1] wr:{e}:active
-- ARGV[1] user id, ARGV[2] active expiry in ms
--
-- Guarantees: only a user who is still active (expiry in the future) gets a new expiry; an
-- expired or never-admitted user is never made active by activity. Returns 1 if refreshed.
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local expiry = redis.call('ZSCORE', KEYS[1], ARGV[1])
if expiry and tonumber(expiry) > now then
  redis.call('ZADD', KEYS[1], now + tonumber(ARGV[2]), ARGV[1])
  return 1
end
return 0
