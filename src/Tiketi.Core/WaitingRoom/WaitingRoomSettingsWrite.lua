-- WaitingRoomSettingsWrite.lua — mirrors an event's queue settings from PostgreSQL into Redis.
--
-- KEYS[1] wr:{e}:settings
-- ARGV[1] capacity, ARGV[2] admissions/s, ARGV[3] enabled 0/1, ARGV[4] paused 0/1,
-- ARGV[5] version (PostgreSQL's, increases on every change), ARGV[6] mirror TTL in ms
--
-- Guarantees: a mirror never goes back to an older version (a slow reader that loaded settings
-- before an admin's change cannot overwrite the change). Returns 1 if written.
local current = redis.call('HGET', KEYS[1], 'v')
if current and tonumber(current) > tonumber(ARGV[5]) then
  return 0
end
redis.call('HSET', KEYS[1], 'c', ARGV[1], 'r', ARGV[2], 'e', ARGV[3], 'p', ARGV[4], 'v', ARGV[5])
redis.call('PEXPIRE', KEYS[1], ARGV[6])
return 1
