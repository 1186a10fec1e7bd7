using System.Collections.Concurrent;
using Tiketi.Core.Notifications;

namespace Tiketi.Core.IntegrationTests.Admin;

/// <summary>Records every ticketing notification the server raises (the realtime layer's input).</summary>
public sealed class RecordingNotifier : ITicketingNotifier
{
    /// <summary>Holds announced (event and seat ids as announced), in order.</summary>
    public ConcurrentQueue<(Guid EventId, Guid[] SeatIds)> Held { get; } = new();

    /// <summary>Seat ids announced released, with their event, in order.</summary>
    public ConcurrentQueue<(Guid EventId, Guid SeatId)> Released { get; } = new();

    /// <summary>Seat ids announced sold.</summary>
    public ConcurrentQueue<(Guid EventId, Guid SeatId)> Reserved { get; } = new();

    /// <summary>Stock announcements in order.</summary>
    public ConcurrentQueue<StockLevel> Stock { get; } = new();

    /// <inheritdoc />
    public ValueTask SeatsHeld(Guid eventId, IReadOnlyList<Guid> seatIds)
    {
        Held.Enqueue((eventId, [.. seatIds]));
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask SeatsReserved(Guid eventId, IReadOnlyList<Guid> seatIds)
    {
        foreach (var seat in seatIds)
        {
            Reserved.Enqueue((eventId, seat));
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask SeatsReleased(Guid eventId, IReadOnlyList<Guid> seatIds)
    {
        foreach (var seat in seatIds)
        {
            Released.Enqueue((eventId, seat));
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask StockChanged(Guid eventId, Guid ticketTypeId, int available, int total)
    {
        Stock.Enqueue(new StockLevel(eventId, ticketTypeId, available, total));
        return ValueTask.CompletedTask;
    }

    /// <summary>Seats of <paramref name="eventId"/> announced released.</summary>
    public HashSet<Guid> ReleasedSeats(Guid eventId) => [.. Released.Where(r => r.EventId == eventId).Select(r => r.SeatId)];

    /// <summary>The last stock announced for <paramref name="ticketTypeId"/>, if any.</summary>
    public StockLevel? LastStock(Guid ticketTypeId) => Stock.LastOrDefault(s => s.TicketTypeId == ticketTypeId) is { TicketTypeId: var id } level && id == ticketTypeId ? level : null;
}
