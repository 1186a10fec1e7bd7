using StackExchange.Redis;
using Tiketi.Core.Redis;

namespace Tiketi.Core.Seats;

/// <summary>
/// The Redis half of a seat hold: <c>SeatHold.lua</c> (all seats or none, with TTL) and
/// <c>SeatRelease.lua</c> (compare-and-delete by owner). Keys never leave this type.
/// </summary>
/// <param name="redis">The store the scripts run on.</param>
public sealed class SeatHoldScript(RedisStore redis)
{
    private readonly RedisScript _hold = redis.LoadScript("SeatHold.lua");
    private readonly RedisScript _release = redis.LoadScript("SeatRelease.lua");

    /// <summary>
    /// Holds every seat for <paramref name="owner"/> for <paramref name="holdTime"/>, or none.
    /// Returns the seats that were already held (empty when the hold was taken).
    /// </summary>
    public async Task<Guid[]> HoldAsync(Guid eventId, IReadOnlyList<Guid> seatIds, Guid owner, TimeSpan holdTime)
    {
        var keys = Keys(eventId, seatIds);
        var args = new RedisValue[seatIds.Count + 2];
        args[0] = owner.ToString();
        args[1] = Math.Max(1L, (long)holdTime.TotalMilliseconds);
        for (var i = 0; i < seatIds.Count; i++)
        {
            args[i + 2] = seatIds[i].ToString();
        }

        var result = await _hold.EvaluateAsync(keys, args).ConfigureAwait(false);
        var conflicts = (RedisValue[]?)result ?? [];
        var seats = new Guid[conflicts.Length];
        for (var i = 0; i < conflicts.Length; i++)
        {
            seats[i] = Guid.Parse((string)conflicts[i]!);
        }

        return seats;
    }

    /// <summary>Releases the holds on these seats that <paramref name="owner"/> still owns; returns how many.</summary>
    public async Task<int> ReleaseAsync(Guid eventId, IReadOnlyList<Guid> seatIds, Guid owner)
    {
        if (seatIds.Count == 0)
        {
            return 0;
        }

        var result = await _release.EvaluateAsync(Keys(eventId, seatIds), [owner.ToString()]).ConfigureAwait(false);
        return (int)result;
    }

    // One hash tag per event keeps a multi-seat hold on one cluster slot.
    private static RedisKey[] Keys(Guid eventId, IReadOnlyList<Guid> seatIds)
    {
        var keys = new RedisKey[seatIds.Count];
        for (var i = 0; i < seatIds.Count; i++)
        {
            keys[i] = "hold:{" + eventId.ToString() + "}:" + seatIds[i].ToString();
        }

        return keys;
    }
}
