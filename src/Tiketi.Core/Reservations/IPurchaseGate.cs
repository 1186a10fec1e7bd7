namespace Tiketi.Core.Reservations;

/// <summary>
/// Decides whether a user may hold seats or buy tickets of an event right now — the seam through which the
/// waiting room refuses users it has not admitted (so the queue cannot be skipped by calling the REST API).
/// The default gate admits everyone; the waiting room registers its own.
/// </summary>
public interface IPurchaseGate
{
    /// <summary>Whether <paramref name="userId"/> may buy for <paramref name="eventId"/> now.</summary>
    ValueTask<bool> MayPurchaseAsync(Guid eventId, Guid userId, CancellationToken cancellationToken);
}
