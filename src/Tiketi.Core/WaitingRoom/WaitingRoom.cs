using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using Tiketi.Core.Admin;

namespace Tiketi.Core.WaitingRoom;

/// <summary>
/// An event's virtual waiting room (DESIGN.md "Waiting room"): a FIFO of waiting users ordered by an INCR sequence
/// and a set of active users with per-user expiry, both in Redis and changed only by Lua scripts. Positions belong
/// to the user, not the tab: checking again keeps the place, leaving gives it up and everyone behind moves up.
/// </summary>
public sealed partial class WaitingRoom : IAdmissionGate
{
    private readonly WaitingRoomScripts _scripts;
    private readonly WaitingRoomSettingsStore _settings;
    private readonly IWaitingRoomNotifier _notifier;
    private readonly WaitingRoomOptions _options;
    private readonly ILogger<WaitingRoom> _logger;
    private readonly WaitingPositions _positions;

    internal WaitingRoom(WaitingRoomScripts scripts, WaitingRoomSettingsStore settings, IWaitingRoomNotifier notifier,
        IOptions<WaitingRoomOptions> options, ILogger<WaitingRoom> logger)
    {
        _scripts = scripts;
        _settings = settings;
        _notifier = notifier;
        _options = options.Value;
        _logger = logger;
        _positions = new WaitingPositions(scripts.Redis);
    }

    /// <summary>
    /// REST 3.18: the user arrives. Active users stay active; waiting users keep their place; a newcomer enters at
    /// once when nobody waits, the queue is not paused and there is free capacity, else joins the back of the line.
    /// </summary>
    public async Task<WaitingRoomResult<QueueStanding>> CheckAsync(Guid eventId, Guid userId, CancellationToken cancellationToken)
    {
        var refusal = await RefusalAsync(eventId, cancellationToken).ConfigureAwait(false);
        if (refusal != WaitingRoomRefusal.None)
        {
            return WaitingRoomResult.Refused<QueueStanding>(refusal);
        }

        var keys = WaitingRoomKeys.For(eventId);
        var reply = await WithSettingsAsync(eventId, () => _scripts.EnterAsync(keys, userId, _options.ActiveTtl, enqueue: true), cancellationToken).ConfigureAwait(false);
        return reply is null ? WaitingRoomResult.Refused<QueueStanding>(WaitingRoomRefusal.EventNotFound) : WaitingRoomResult.Of<QueueStanding>(ToStanding(reply));
    }

    /// <summary>REST 3.19: where the user stands (an active user's expiry is refreshed; nobody is enrolled).</summary>
    public async Task<WaitingRoomResult<QueueStanding>> GetStatusAsync(Guid eventId, Guid userId, CancellationToken cancellationToken)
    {
        var refusal = await RefusalAsync(eventId, cancellationToken).ConfigureAwait(false);
        if (refusal != WaitingRoomRefusal.None)
        {
            return WaitingRoomResult.Refused<QueueStanding>(refusal);
        }

        var keys = WaitingRoomKeys.For(eventId);
        var reply = await WithSettingsAsync(eventId, () => _scripts.StatusAsync(keys, userId.ToString(), _options.ActiveTtl), cancellationToken).ConfigureAwait(false);
        return reply is null ? WaitingRoomResult.Refused<QueueStanding>(WaitingRoomRefusal.EventNotFound) : WaitingRoomResult.Of<QueueStanding>(ToStanding(reply));
    }

    /// <summary>
    /// REST 3.20: the user gives up their place and their active slot. Allowed on ended/cancelled events too (leaving
    /// is never harmful); unknown events are refused.
    /// </summary>
    public async Task<WaitingRoomResult<QueueState>> LeaveAsync(Guid eventId, Guid userId, CancellationToken cancellationToken)
    {
        if (await _settings.FindAsync(eventId, fresh: false, cancellationToken).ConfigureAwait(false) is null)
        {
            return WaitingRoomResult.Refused<QueueState>(WaitingRoomRefusal.EventNotFound);
        }

        var (waiting, active) = await _scripts.LeaveAsync(WaitingRoomKeys.For(eventId), userId).ConfigureAwait(false);
        return WaitingRoomResult.Of<QueueState>(waiting ? QueueState.Waiting : active ? QueueState.Active : QueueState.Outside);
    }

    /// <summary>
    /// Activity by the user for the event (a REST call, a socket in the event's rooms): an active user's expiry moves
    /// forward. Never makes anyone active. Returns whether the user is active.
    /// </summary>
    public async ValueTask<bool> TouchAsync(Guid eventId, Guid userId)
    {
        try
        {
            return await _scripts.TouchAsync(WaitingRoomKeys.For(eventId), userId, _options.ActiveTtl).ConfigureAwait(false);
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            LogTouchFailed(e, eventId);
            return false;
        }
    }

    /// <inheritdoc />
    public async ValueTask<bool> IsAdmittedAsync(Guid eventId, Guid userId, CancellationToken cancellationToken = default)
    {
        var found = await _settings.FindAsync(eventId, fresh: false, cancellationToken).ConfigureAwait(false);
        if (found is null || found.IsClosed)
        {
            return true;
        }

        var keys = WaitingRoomKeys.For(eventId);
        var reply = await WithSettingsAsync(eventId, () => _scripts.EnterAsync(keys, userId, _options.ActiveTtl, enqueue: false), cancellationToken).ConfigureAwait(false);
        return reply is null || (long)reply[0] == 1;
    }

    /// <summary>Live figures for administrators (3.21 and the settings endpoint).</summary>
    public async Task<WaitingRoomResult<QueueFigures>> GetFiguresAsync(Guid eventId, CancellationToken cancellationToken)
    {
        var found = await _settings.FindAsync(eventId, fresh: true, cancellationToken).ConfigureAwait(false);
        if (found is null)
        {
            return WaitingRoomResult.Refused<QueueFigures>(WaitingRoomRefusal.EventNotFound);
        }

        var keys = WaitingRoomKeys.For(eventId);
        var reply = await WithSettingsAsync(eventId, () => _scripts.StatusAsync(keys, string.Empty, _options.ActiveTtl), cancellationToken).ConfigureAwait(false);
        var standing = reply is null ? null : ToStanding(reply);
        var measured = reply is null ? 0 : (long)reply[6] / 1000.0;
        return WaitingRoomResult.Of<QueueFigures>(new QueueFigures(found.Settings, standing?.QueueSize ?? 0, standing?.CurrentUsers ?? 0, measured));
    }

    /// <summary>REST 3.22: empties the waiting list and the active set, then tells the waiting room (<c>queue-cleared</c>).</summary>
    public async Task<WaitingRoomResult<(long Waiting, long Active)>> ClearAsync(Guid eventId, AdminActor actor, CancellationToken cancellationToken)
    {
        if (await _settings.FindAsync(eventId, fresh: false, cancellationToken).ConfigureAwait(false) is null)
        {
            return WaitingRoomResult.Refused<(long, long)>(WaitingRoomRefusal.EventNotFound);
        }

        var removed = await _scripts.ClearAsync(WaitingRoomKeys.For(eventId)).ConfigureAwait(false);
        LogCleared(eventId, removed.Waiting, removed.Active);

        await _settings.RecordClearAsync(eventId, actor, removed, cancellationToken).ConfigureAwait(false);
        try
        {
            await _notifier.QueueCleared(eventId).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            LogNotifyFailed(e, nameof(IWaitingRoomNotifier.QueueCleared), eventId);
        }

        return WaitingRoomResult.Of<(long, long)>(removed);
    }

    /// <summary>
    /// 1-based positions of <paramref name="userIds"/> (0 = not waiting), in one round trip — for pushing each
    /// waiting socket its own position after <see cref="IWaitingRoomNotifier.QueueUpdated"/>.
    /// </summary>
    public async Task<long[]> GetPositionsAsync(Guid eventId, IReadOnlyList<Guid> userIds) =>
        (await _positions.GetAsync(eventId, userIds).ConfigureAwait(false)).Positions;

    /// <summary>
    /// One admission step for the holder of <paramref name="lease"/>: admits up to <paramref name="budget"/> users
    /// from the front while active &lt; capacity (none while paused), and publishes the measured rate. Used by the
    /// admission loop; a lost lease admits nobody.
    /// </summary>
    public async Task<AdmissionStep> AdmitAsync(AdmissionLease lease, int budget, double? measuredPerSecond, CancellationToken cancellationToken)
    {
        var keys = WaitingRoomKeys.For(lease.EventId);
        var reply = await _scripts.AdmitAsync(keys, lease.Value, _options.LeaseTtl, _options.ActiveTtl, budget, measuredPerSecond).ConfigureAwait(false);
        if ((long)reply[0] == WaitingRoomScripts.SettingsMissing)
        {
            if (!await _settings.MirrorAsync(lease.EventId, cancellationToken).ConfigureAwait(false))
            {
                // The event was deleted: its queue has nobody to admit to.
                await _scripts.ClearAsync(keys).ConfigureAwait(false);
                return new AdmissionStep(false, [], 0, 0, 0);
            }

            reply = await _scripts.AdmitAsync(keys, lease.Value, _options.LeaseTtl, _options.ActiveTtl, budget, measuredPerSecond).ConfigureAwait(false);
        }

        if ((long)reply[0] < 0)
        {
            return AdmissionStep.Lost;
        }

        var admitted = new Guid[(int)(long)reply[0]];
        for (var i = 0; i < admitted.Length; i++)
        {
            admitted[i] = Guid.Parse((string)reply[4 + i]!);
        }

        return new AdmissionStep(false, admitted, (long)reply[1], (long)reply[2], (int)(long)reply[3]);
    }

    /// <summary>Tries to take the admission lease of <paramref name="eventId"/>; null when another instance holds it.</summary>
    public async Task<AdmissionLease?> TryAcquireLeaseAsync(Guid eventId, string owner, TimeSpan ttl)
    {
        var token = await _scripts.AcquireLeaseAsync(WaitingRoomKeys.For(eventId), owner, ttl).ConfigureAwait(false);
        return token > 0 ? new AdmissionLease(eventId, owner, token) : null;
    }

    /// <summary>Gives a lease back so another instance can take over at once; false if it was no longer ours.</summary>
    public Task<bool> ReleaseLeaseAsync(AdmissionLease lease) => _scripts.ReleaseLeaseAsync(WaitingRoomKeys.For(lease.EventId), lease.Value);

    /// <summary>Event ids whose waiting list may be non-empty (the admission loop's work list; one SMEMBERS).</summary>
    public async Task<Guid[]> EventsWithQueuesAsync()
    {
        var members = await _scripts.Redis.Database.SetMembersAsync(WaitingRoomKeys.Events).ConfigureAwait(false);
        var ids = new List<Guid>(members.Length);
        foreach (var member in members)
        {
            if (Guid.TryParse((string?)member, out var id))
            {
                ids.Add(id);
            }
        }

        return [.. ids];
    }

    private async Task<WaitingRoomRefusal> RefusalAsync(Guid eventId, CancellationToken cancellationToken)
    {
        var found = await _settings.FindAsync(eventId, fresh: false, cancellationToken).ConfigureAwait(false);
        return found is null ? WaitingRoomRefusal.EventNotFound : found.IsClosed ? WaitingRoomRefusal.EventClosed : WaitingRoomRefusal.None;
    }

    // Runs a script that reads the settings mirror; when the mirror is missing (first use, expiry, Redis restart) it is
    // reloaded from PostgreSQL and the script runs once more — a few times, since Redis can lose the fresh mirror again
    // before the re-run (a flush or restart at that instant). Null: the event no longer exists.
    private async Task<RedisResult[]?> WithSettingsAsync(Guid eventId, Func<Task<RedisResult[]>> script, CancellationToken cancellationToken)
    {
        const int MirrorAttempts = 3;
        var reply = await script().ConfigureAwait(false);
        for (var attempt = 0; (long)reply[0] == WaitingRoomScripts.SettingsMissing; attempt++)
        {
            if (attempt == MirrorAttempts)
            {
                throw new InvalidOperationException($"Waiting-room settings of event {eventId} vanished right after being mirrored, {MirrorAttempts} times.");
            }

            if (!await _settings.MirrorAsync(eventId, cancellationToken).ConfigureAwait(false))
            {
                return null;
            }

            reply = await script().ConfigureAwait(false);
        }

        return reply;
    }

    // {state, position, waiting, active, capacity, rate, measured x1000}; state 1 active, 2 waiting, else outside.
    private static QueueStanding ToStanding(RedisResult[] reply)
    {
        var state = (long)reply[0] switch
        {
            1 => QueueState.Active,
            2 => QueueState.Waiting,
            _ => QueueState.Outside,
        };
        var rate = WaitingRoomEta.EffectiveRate((long)reply[6] / 1000.0, (int)(long)reply[5]);
        return new QueueStanding(state, (long)reply[1], (long)reply[2], (long)reply[3], (int)(long)reply[4], rate);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Activity refresh failed for event {EventId}")]
    private partial void LogTouchFailed(Exception exception, Guid eventId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Waiting room of event {EventId} cleared ({Waiting} waiting, {Active} active removed)")]
    private partial void LogCleared(Guid eventId, long waiting, long active);

    [LoggerMessage(Level = LogLevel.Error, Message = "Waiting-room notification {Notification} failed for event {EventId}")]
    private partial void LogNotifyFailed(Exception exception, string notification, Guid eventId);
}
