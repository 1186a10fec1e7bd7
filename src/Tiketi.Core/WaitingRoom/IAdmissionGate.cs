namespace Tiketi.Core.WaitingRoom;

/// <summary>
/// The unskippable half of the waiting room: seat holds and quantity purchases ask it before doing anything.
/// </summary>
public interface IAdmissionGate
{
    /// <summary>
    /// True when <paramref name="userId"/> may buy for <paramref name="eventId"/> now: the user is active (their
    /// expiry is refreshed), or the queue does not gate the event (disabled, or free capacity with nobody waiting and
    /// not paused — the user then becomes active), or the event is unknown/closed (the caller's own checks answer).
    /// False while the user waits or would have to queue.
    /// </summary>
    ValueTask<bool> IsAdmittedAsync(Guid eventId, Guid userId, CancellationToken cancellationToken = default);
}
