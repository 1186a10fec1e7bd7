namespace Tiketi.Core.Seats;

/// <summary>A seat inside a new hold.</summary>
/// <param name="Id">Seat id.</param>
/// <param name="Label">Seat label, e.g. <c>VIP-1-1</c>.</param>
/// <param name="Price">Seat price in won.</param>
public sealed record HeldSeat(Guid Id, string Label, int Price);
