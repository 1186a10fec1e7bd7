namespace Tiketi.Core.Reservations;

/// <summary>One line of a quantity purchase request.</summary>
/// <param name="TicketTypeId">The ticket type (grade) to buy.</param>
/// <param name="Quantity">How many; must be ≥ 1.</param>
public readonly record struct TicketPurchaseItem(Guid TicketTypeId, int Quantity);
