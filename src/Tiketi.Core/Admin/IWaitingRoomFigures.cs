namespace Tiketi.Core.Admin;

/// <summary>
/// Live waiting-room figures of an event (the queue knows; it registers its implementation). The default,
/// <see cref="NoWaitingRoomFigures"/>, reports an empty queue.
/// </summary>
public interface IWaitingRoomFigures
{
    /// <summary>Users waiting and users admitted (active) for <paramref name="eventId"/>.</summary>
    ValueTask<WaitingRoomFigures> GetAsync(Guid eventId, CancellationToken cancellationToken);
}
