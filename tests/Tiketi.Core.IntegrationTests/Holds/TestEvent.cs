namespace Tiketi.Core.IntegrationTests.Holds;

/// <summary>An event created for a test, with its seats (if any) and ticket types (if any).</summary>
/// <param name="Id">Event id.</param>
/// <param name="Seats">Seat ids in label order.</param>
/// <param name="TicketTypes">Ticket type ids.</param>
public sealed record TestEvent(Guid Id, IReadOnlyList<Guid> Seats, IReadOnlyList<Guid> TicketTypes);
