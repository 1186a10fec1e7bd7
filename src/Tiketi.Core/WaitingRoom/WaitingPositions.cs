using Tiketi.Core.Redis;

namespace Tiketi.Core.WaitingRoom;

/// <summary>
/// Reads waiting users' places in line. Separate from <see cref="WaitingRoom"/> so the realtime layer, which the
/// waiting room notifies, can read positions without depending on the waiting room itself.
/// </summary>
public sealed class WaitingPositions(RedisStore redis)
{
    /// <summary>1-based positions of <paramref name="userIds"/> in <paramref name="eventId"/>'s line (0 = not waiting), in one round trip.</summary>
    public async Task<long[]> GetAsync(Guid eventId, IReadOnlyList<Guid> userIds)
    {
        var keys = WaitingRoomKeys.For(eventId);
        var batch = redis.Database.CreateBatch();
        var ranks = new Task<long?>[userIds.Count];
        for (var i = 0; i < userIds.Count; i++)
        {
            ranks[i] = batch.SortedSetRankAsync(keys.Waiting, userIds[i].ToString());
        }

        batch.Execute();
        var positions = new long[userIds.Count];
        for (var i = 0; i < ranks.Length; i++)
        {
            positions[i] = await ranks[i].ConfigureAwait(false) is { } rank ? rank + 1 : 0;
        }

        return positions;
    }
}
