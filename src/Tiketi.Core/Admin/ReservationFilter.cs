namespace Tiketi.Core.Admin;

/// <summary>Filters and page of the admin reservation list; null filters match everything.</summary>
/// <param name="Status">Reservation status.</param>
/// <param name="PaymentStatus">Payment status.</param>
/// <param name="EventId">Event.</param>
/// <param name="Page">1-based page.</param>
/// <param name="Limit">Page size.</param>
public sealed record ReservationFilter(string? Status, string? PaymentStatus, Guid? EventId, int Page, int Limit);
