namespace Tiketi.Core.Notifications;

/// <summary>A ticket type's stock right after a committed change.</summary>
/// <param name="EventId">The event the ticket type belongs to.</param>
/// <param name="TicketTypeId">The ticket type.</param>
/// <param name="Available">Available quantity now.</param>
/// <param name="Total">Total quantity.</param>
public readonly record struct StockLevel(Guid EventId, Guid TicketTypeId, int Available, int Total);
