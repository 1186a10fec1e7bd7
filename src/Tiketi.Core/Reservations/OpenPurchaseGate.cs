namespace Tiketi.Core.Reservations;

/// <summary>The gate used while no waiting room is registered: everyone may buy.</summary>
public sealed class OpenPurchaseGate : IPurchaseGate
{
    /// <inheritdoc />
    public ValueTask<bool> MayPurchaseAsync(Guid eventId, Guid userId, CancellationToken cancellationToken) => ValueTask.FromResult(true);
}
