using Tiketi.Core.Admin;
using Tiketi.Edge.Cluster;

namespace Tiketi.Edge.Realtime;

/// <summary>
/// The admin dashboard's "connected users" of an event: sockets in its <c>event:</c> and <c>seats:</c>
/// rooms on every instance, from the per-instance counts the cluster keeps in Redis.
/// </summary>
public sealed class ClusterEventAudience(ClusterRoomCounts counts) : IEventAudience
{
    /// <inheritdoc />
    public async ValueTask<long> ConnectedUsersAsync(Guid eventId, CancellationToken cancellationToken)
    {
        return await counts.RefreshAsync(RealtimeRooms.Event(eventId)) + await counts.RefreshAsync(RealtimeRooms.Seats(eventId));
    }
}
