namespace Tiketi.Core.Notifications;

/// <summary>A seat made available again.</summary>
/// <param name="ReservationId">The reservation that held it (also its Redis hold owner).</param>
/// <param name="EventId">The seat's event.</param>
/// <param name="SeatId">The seat.</param>
public readonly record struct ReleasedSeat(Guid ReservationId, Guid EventId, Guid SeatId);
