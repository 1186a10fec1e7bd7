using Tiketi.Core.Reservations;

namespace Tiketi.Core.WaitingRoom;

/// <summary>
/// The ticketing side's <see cref="IPurchaseGate"/> backed by the waiting room: seat holds and quantity purchases by
/// a user the event's queue has not admitted are refused (403), so the queue cannot be skipped via the REST API.
/// </summary>
public sealed class WaitingRoomPurchaseGate(IAdmissionGate admission) : IPurchaseGate
{
    /// <inheritdoc />
    public ValueTask<bool> MayPurchaseAsync(Guid eventId, Guid userId, CancellationToken cancellationToken) =>
        admission.IsAdmittedAsync(eventId, userId, cancellationToken);
}
