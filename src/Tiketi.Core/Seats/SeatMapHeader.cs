namespace Tiketi.Core.Seats;

/// <summary>What a seat map needs before its seats: the event and its layout.</summary>
/// <param name="EventId">Event id.</param>
/// <param name="Title">Event title.</param>
/// <param name="LayoutJson">The layout's <c>layout_config</c>, or null when the event has no seat layout.</param>
public sealed record SeatMapHeader(Guid EventId, string Title, string? LayoutJson);
