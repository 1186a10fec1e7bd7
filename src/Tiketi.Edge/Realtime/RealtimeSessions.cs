using System.Reflection;
using StackExchange.Redis;
using Tiketi.Core.Redis;

namespace Tiketi.Edge.Realtime;

/// <summary>
/// Users' realtime sessions in Redis (<c>socket:session:{userId}</c>, a hash, TTL 1 hour), so a
/// reconnect to any instance re-joins the rooms. Written on every join, read on every connection.
/// </summary>
public sealed class RealtimeSessions(RedisStore redis, TimeProvider time)
{
    /// <summary>How long a session outlives its last update.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(1);

    /// <summary>Session field written by join-event.</summary>
    public const string EventField = "eventId";

    /// <summary>Session field written by join-queue.</summary>
    public const string QueueField = "queueEventId";

    /// <summary>Session field written by join-seat-selection.</summary>
    public const string SeatField = "seatEventId";

    /// <summary>Session field written by seat-selection-changed.</summary>
    public const string SelectedSeatsField = "selectedSeats";

    private static readonly RedisValue[] Fields = [EventField, QueueField, SeatField, SelectedSeatsField];

    private readonly RedisScript _update = redis.LoadScript("SessionUpdate.lua", Assembly.GetExecutingAssembly());

    /// <summary>The session key of a user.</summary>
    public static string Key(Guid userId) => "socket:session:" + userId.ToString("D");

    /// <summary>Records <paramref name="field"/> = <paramref name="value"/> for <paramref name="eventId"/> (creating the session).</summary>
    public Task SetAsync(Guid userId, Guid eventId, string field, string value) =>
        _update.EvaluateAsync([Key(userId)], [eventId.ToString("D"), field, value, (long)Lifetime.TotalSeconds, time.GetUtcNow().ToUnixTimeMilliseconds()]);

    /// <summary>Clears <paramref name="field"/> if the session belongs to <paramref name="eventId"/>.</summary>
    public Task ClearAsync(Guid userId, Guid eventId, string field) =>
        _update.EvaluateAsync([Key(userId)], [eventId.ToString("D"), field, string.Empty, (long)Lifetime.TotalSeconds, time.GetUtcNow().ToUnixTimeMilliseconds()]);

    /// <summary>The stored session, or null when there is none (or nothing in it).</summary>
    public async Task<RealtimeSession?> GetAsync(Guid userId)
    {
        var values = await redis.Database.HashGetAsync(Key(userId), Fields).ConfigureAwait(false);
        var session = new RealtimeSession(Text(values[0]), Text(values[1]), Text(values[2]), Text(values[3]));
        return session.IsEmpty ? null : session;
    }

    private static string? Text(RedisValue value) => value.IsNullOrEmpty ? null : (string?)value;
}
