using Tiketi.Core.Redis;

namespace Tiketi.Core.WaitingRoom;

/// <summary>
/// Reads waiting users' places in line. Separate from <see cref="WaitingRoom"/> so the realtime layer, which the
/// waiting room notifies, can read positions without depending on the waiting room itself.
/// </summary>
public sealed class WaitingPositions(RedisStore redis)
{
    /// <summary>
    /// The line's length and the 1-based positions of <paramref name="userIds"/> in <paramref name="eventId"/>'s line
    /// (0 = not waiting), read atomically in one round trip (MULTI/EXEC): a push never pairs a position after an
    /// admission with a queue size from before it.
    /// </summary>
    public async Task<WaitingSnapshot> GetAsync(Guid eventId, IReadOnlyList<Guid> userIds)
    {
        var keys = WaitingRoomKeys.For(eventId);
        var transaction = redis.Database.CreateTransaction();
        var size = transaction.SortedSetLengthAsync(keys.Waiting);
        var ranks = new Task<long?>[userIds.Count];
        for (var i = 0; i < userIds.Count; i++)
        {
            ranks[i] = transaction.SortedSetRankAsync(keys.Waiting, userIds[i].ToString());
        }

        await transaction.ExecuteAsync().ConfigureAwait(false);
        var positions = new long[userIds.Count];
        for (var i = 0; i < ranks.Length; i++)
        {
            positions[i] = await ranks[i].ConfigureAwait(false) is { } rank ? rank + 1 : 0;
        }

        return new WaitingSnapshot(await size.ConfigureAwait(false), positions);
    }
}

/// <summary>A waiting room's line at one moment.</summary>
/// <param name="QueueSize">Users waiting.</param>
/// <param name="Positions">1-based positions of the users asked about, in the order asked (0 = not waiting).</param>
public sealed record WaitingSnapshot(long QueueSize, long[] Positions);
