using Tiketi.Core.Time;
using Tiketi.Core.WaitingRoom;
using Tiketi.Edge.SocketIO;

namespace Tiketi.Edge.Realtime;

/// <summary>
/// The waiting room's notifications as socket events (REALTIME.md §7, FLOWS defects 17 and 26):
/// <c>queue-entry-allowed</c> only to the admitted user's waiting-room sockets for that event (on
/// any instance), <c>queue-updated</c> to every socket of <c>queue:{eventId}</c> on every instance (each waiting
/// user's with their own position, see <see cref="QueuePositionPusher"/>) and <c>queue-cleared</c> to that room.
/// </summary>
public sealed class RealtimeWaitingRoomNotifier(SocketIoServer server, QueuePositionPusher positions, TimeProvider time) : IWaitingRoomNotifier
{
    /// <summary>The contract's admission message.</summary>
    public const string EntryAllowedMessage = "입장이 허용되었습니다. 잠시 후 자동으로 이동합니다.";

    /// <summary>The contract's message when an admin clears the queue.</summary>
    public const string ClearedMessage = "관리자가 대기열을 초기화했습니다.";

    /// <inheritdoc />
    public ValueTask UsersAdmitted(Guid eventId, IReadOnlyList<Guid> userIds)
    {
        foreach (var userId in userIds)
        {
            server.To(RealtimeRooms.QueueMember(eventId, userId)).Emit(
                "queue-entry-allowed", new QueueEntryAllowedPayload(userId, EntryAllowedMessage), RealtimeJson.Default.QueueEntryAllowedPayload);
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    /// <remarks>The existing client ignores the payload and re-fetches its own position.</remarks>
    public ValueTask QueueUpdated(QueueUpdate update)
    {
        positions.Publish(update, ContractTime.ToContractString(time.GetUtcNow()));
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask QueueCleared(Guid eventId)
    {
        server.To(RealtimeRooms.Queue(eventId)).Emit("queue-cleared", new QueueClearedPayload(ClearedMessage), RealtimeJson.Default.QueueClearedPayload);
        return ValueTask.CompletedTask;
    }
}
