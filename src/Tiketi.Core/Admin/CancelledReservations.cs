using Tiketi.Core.Notifications;

namespace Tiketi.Core.Admin;

/// <summary>What an admin cancellation committed: inventory given back and reservations whose payment must be refunded.</summary>
/// <param name="Released">Freed seats and restored stock.</param>
/// <param name="Refunds">Reservations moved <c>completed → refunded</c>.</param>
/// <param name="Count">How many reservations were cancelled.</param>
internal sealed record CancelledReservations(ReleasedInventory Released, Guid[] Refunds, int Count);
