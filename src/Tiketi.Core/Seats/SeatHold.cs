namespace Tiketi.Core.Seats;

/// <summary>A seat hold that was taken: its pending reservation and the seats.</summary>
/// <param name="ReservationId">The pending reservation created for the hold.</param>
/// <param name="ReservationNumber">Its <c>TK…</c> number.</param>
/// <param name="TotalAmount">Sum of the seat prices.</param>
/// <param name="ExpiresAt">When the hold lapses unless paid (UTC).</param>
/// <param name="Seats">The held seats.</param>
public sealed record SeatHold(Guid ReservationId, string ReservationNumber, int TotalAmount, DateTime ExpiresAt, IReadOnlyList<HeldSeat> Seats);
