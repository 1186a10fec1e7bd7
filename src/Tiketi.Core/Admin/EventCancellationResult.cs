namespace Tiketi.Core.Admin;

/// <summary>The outcome of an event cancellation.</summary>
/// <param name="Event">The event row, now <c>cancelled</c>.</param>
/// <param name="CancelledReservations">Reservations cancelled by it.</param>
/// <param name="RefundedReservations">Of those, how many had been paid and were refunded.</param>
public sealed record EventCancellationResult(EventRow Event, int CancelledReservations, int RefundedReservations);
