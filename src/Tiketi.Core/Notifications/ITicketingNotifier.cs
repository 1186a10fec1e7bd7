namespace Tiketi.Core.Notifications;

/// <summary>
/// Domain notifications about seats and stock, raised only after the change committed in
/// PostgreSQL. The realtime layer implements this by broadcasting to rooms
/// (<c>seat-selected</c>/<c>seat-locked</c>, <c>seat-released</c>, <c>ticket-updated</c>).
/// Implementations must be thread-safe and should not throw; callers log and ignore failures.
/// </summary>
public interface ITicketingNotifier
{
    /// <summary>Seats moved <c>available → locked</c> (a hold was taken).</summary>
    ValueTask SeatsHeld(Guid eventId, IReadOnlyList<Guid> seatIds);

    /// <summary>Seats moved <c>locked → reserved</c> (a payment confirmed them).</summary>
    ValueTask SeatsReserved(Guid eventId, IReadOnlyList<Guid> seatIds);

    /// <summary>Seats became <c>available</c> again (hold expiry or cancellation).</summary>
    ValueTask SeatsReleased(Guid eventId, IReadOnlyList<Guid> seatIds);

    /// <summary>A ticket type's available quantity changed (purchase, cancellation, expiry).</summary>
    ValueTask StockChanged(Guid eventId, Guid ticketTypeId, int available, int total);
}
