namespace Tiketi.Core.WaitingRoom;

/// <summary>
/// Waiting-room notifications, raised by the admission loop and the admin clear. The realtime layer implements it:
/// <list type="bullet">
/// <item><see cref="UsersAdmitted"/> → <c>queue-entry-allowed</c>
/// <c>{"userId","message":"입장이 허용되었습니다. 잠시 후 자동으로 이동합니다."}</c> to each admitted user's own sockets
/// only (the client admits itself on any copy it receives);</item>
/// <item><see cref="QueueUpdated"/> → <c>queue-updated</c> <c>{"queueSize","timestamp"}</c> to room
/// <c>queue:{eventId}</c> (per-user positions via <see cref="WaitingPositions"/>, which does not depend on the notifier);</item>
/// <item><see cref="QueueCleared"/> → <c>queue-cleared</c> <c>{"message":"관리자가 대기열을 초기화했습니다."}</c> to room
/// <c>queue:{eventId}</c>.</item>
/// </list>
/// Implementations must be thread-safe and should not throw (callers log and continue). They run on the instance that
/// admitted or cleared, so delivery to sockets on other instances is the implementation's job.
/// </summary>
public interface IWaitingRoomNotifier
{
    /// <summary>These users (in admission order) just became active for <paramref name="eventId"/>.</summary>
    ValueTask UsersAdmitted(Guid eventId, IReadOnlyList<Guid> userIds);

    /// <summary>The waiting list changed (admissions, arrivals, departures); throttled per event.</summary>
    ValueTask QueueUpdated(QueueUpdate update);

    /// <summary>An administrator emptied the event's waiting room.</summary>
    ValueTask QueueCleared(Guid eventId);
}
