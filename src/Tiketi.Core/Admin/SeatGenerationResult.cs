namespace Tiketi.Core.Admin;

/// <summary>The outcome of a seat generation request.</summary>
/// <param name="EventTitle">The event's title.</param>
/// <param name="SeatsCreated">Seats inserted (0 when refused).</param>
/// <param name="ExistingSeats">Seats that already existed; non-zero means the request was refused (REST.md §3.29).</param>
public sealed record SeatGenerationResult(string EventTitle, int SeatsCreated, int ExistingSeats);
