namespace Tiketi.Core.Reservations;

/// <summary>A committed quantity purchase: a pending reservation holding stock until it expires or is paid.</summary>
/// <param name="ReservationId">The reservation.</param>
/// <param name="ReservationNumber">Its <c>TK…</c> number.</param>
/// <param name="TotalAmount">Sum of price × quantity.</param>
/// <param name="ExpiresAt">When the unpaid purchase releases its stock (UTC).</param>
public sealed record TicketPurchase(Guid ReservationId, string ReservationNumber, int TotalAmount, DateTime ExpiresAt);
