using System.Globalization;
using StackExchange.Redis;
using Tiketi.Core.Redis;

namespace Tiketi.Core.WaitingRoom;

/// <summary>
/// The waiting room's Lua scripts (see each file's header for what it guarantees). Keys and argument order never
/// leave this type; replies come back as plain arrays for the callers to interpret.
/// </summary>
internal sealed class WaitingRoomScripts(RedisStore redis)
{
    /// <summary>Reply of a script that found no settings mirror.</summary>
    public const long SettingsMissing = -1;

    /// <summary>Reply of the admission step when the caller's lease is gone.</summary>
    public const long LeaseLost = -2;

    private readonly RedisScript _enter = redis.LoadScript("WaitingRoomEnter.lua");
    private readonly RedisScript _status = redis.LoadScript("WaitingRoomStatus.lua");
    private readonly RedisScript _leave = redis.LoadScript("WaitingRoomLeave.lua");
    private readonly RedisScript _touch = redis.LoadScript("WaitingRoomTouch.lua");
    private readonly RedisScript _admit = redis.LoadScript("WaitingRoomAdmit.lua");
    private readonly RedisScript _clear = redis.LoadScript("WaitingRoomClear.lua");
    private readonly RedisScript _writeSettings = redis.LoadScript("WaitingRoomSettingsWrite.lua");
    private readonly RedisScript _acquireLease = redis.LoadScript("AdmissionLeaseAcquire.lua");
    private readonly RedisScript _releaseLease = redis.LoadScript("AdmissionLeaseRelease.lua");

    /// <summary>The store the scripts run on (for plain reads).</summary>
    public RedisStore Redis => redis;

    /// <summary>WaitingRoomEnter.lua; <paramref name="enqueue"/> false is the admission gate's mode.</summary>
    public async Task<RedisResult[]> EnterAsync(WaitingRoomKeys keys, Guid userId, TimeSpan activeTtl, bool enqueue) =>
        (RedisResult[])(await _enter.EvaluateAsync(
            [keys.Waiting, keys.Active, keys.Sequence, keys.Settings, keys.Stats, WaitingRoomKeys.Events],
            [userId.ToString(), Milliseconds(activeTtl), enqueue ? "check" : "gate", keys.EventId]).ConfigureAwait(false))!;

    /// <summary>WaitingRoomStatus.lua (an empty user id reads figures only).</summary>
    public async Task<RedisResult[]> StatusAsync(WaitingRoomKeys keys, string userId, TimeSpan activeTtl) =>
        (RedisResult[])(await _status.EvaluateAsync(
            [keys.Waiting, keys.Active, keys.Settings, keys.Stats],
            [userId, Milliseconds(activeTtl)]).ConfigureAwait(false))!;

    /// <summary>WaitingRoomLeave.lua: (was waiting, was active).</summary>
    public async Task<(bool Waiting, bool Active)> LeaveAsync(WaitingRoomKeys keys, Guid userId)
    {
        var reply = (RedisResult[])(await _leave.EvaluateAsync([keys.Waiting, keys.Active], [userId.ToString()]).ConfigureAwait(false))!;
        return ((long)reply[0] == 1, (long)reply[1] == 1);
    }

    /// <summary>WaitingRoomTouch.lua: whether the user was active and got a new expiry.</summary>
    public async Task<bool> TouchAsync(WaitingRoomKeys keys, Guid userId, TimeSpan activeTtl) =>
        (long)await _touch.EvaluateAsync([keys.Active], [userId.ToString(), Milliseconds(activeTtl)]).ConfigureAwait(false) == 1;

    /// <summary>WaitingRoomAdmit.lua.</summary>
    public async Task<RedisResult[]> AdmitAsync(WaitingRoomKeys keys, string leaseValue, TimeSpan leaseTtl, TimeSpan activeTtl, int budget, double? measuredPerSecond) =>
        (RedisResult[])(await _admit.EvaluateAsync(
            [keys.Lease, keys.Waiting, keys.Active, keys.Settings, keys.Stats, WaitingRoomKeys.Events],
            [
                leaseValue, Milliseconds(leaseTtl), Milliseconds(activeTtl), budget, keys.EventId,
                measuredPerSecond is { } rate ? ((long)Math.Round(rate * 1000)).ToString(CultureInfo.InvariantCulture) : string.Empty,
            ]).ConfigureAwait(false))!;

    /// <summary>WaitingRoomClear.lua: (waiting removed, active removed).</summary>
    public async Task<(long Waiting, long Active)> ClearAsync(WaitingRoomKeys keys)
    {
        var reply = (RedisResult[])(await _clear.EvaluateAsync([keys.Waiting, keys.Active, keys.Stats, WaitingRoomKeys.Events], [keys.EventId]).ConfigureAwait(false))!;
        return ((long)reply[0], (long)reply[1]);
    }

    /// <summary>WaitingRoomSettingsWrite.lua: whether the mirror was written (false: it already held a newer version).</summary>
    public async Task<bool> WriteSettingsAsync(WaitingRoomKeys keys, WaitingRoomSettings settings, TimeSpan ttl) =>
        (long)await _writeSettings.EvaluateAsync(
            [keys.Settings],
            [settings.Capacity, settings.AdmissionRatePerSecond, settings.Enabled ? 1 : 0, settings.Paused ? 1 : 0, settings.Version, Milliseconds(ttl)]).ConfigureAwait(false) == 1;

    /// <summary>AdmissionLeaseAcquire.lua: the fencing token, or 0 when the lease is held by someone.</summary>
    public async Task<long> AcquireLeaseAsync(WaitingRoomKeys keys, string owner, TimeSpan ttl) =>
        (long)await _acquireLease.EvaluateAsync([keys.Lease, keys.Fence], [owner, Milliseconds(ttl)]).ConfigureAwait(false);

    /// <summary>AdmissionLeaseRelease.lua: whether the lease was still ours and is now gone.</summary>
    public async Task<bool> ReleaseLeaseAsync(WaitingRoomKeys keys, string leaseValue) =>
        (long)await _releaseLease.EvaluateAsync([keys.Lease], [leaseValue]).ConfigureAwait(false) == 1;

    private static long Milliseconds(TimeSpan span) => Math.Max(1L, (long)span.TotalMilliseconds);
}
