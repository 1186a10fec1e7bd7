using System.Collections.Concurrent;
using Tiketi.Core.Notifications;

namespace Tiketi.Core.IntegrationTests.Expiry;

/// <summary>Counts every notification per seat / ticket type, to prove "exactly once".</summary>
public sealed class CountingNotifier : ITicketingNotifier
{
    /// <summary>How often each seat was announced released.</summary>
    public ConcurrentDictionary<Guid, int> Released { get; } = new();

    /// <summary>How often each seat was announced sold.</summary>
    public ConcurrentDictionary<Guid, int> Reserved { get; } = new();

    /// <summary>Last announced stock per ticket type.</summary>
    public ConcurrentDictionary<Guid, int> Stock { get; } = new();

    /// <inheritdoc />
    public ValueTask SeatsHeld(Guid eventId, IReadOnlyList<Guid> seatIds) => ValueTask.CompletedTask;

    /// <inheritdoc />
    public ValueTask SeatsReserved(Guid eventId, IReadOnlyList<Guid> seatIds)
    {
        foreach (var seat in seatIds)
        {
            Reserved.AddOrUpdate(seat, 1, (_, n) => n + 1);
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask SeatsReleased(Guid eventId, IReadOnlyList<Guid> seatIds)
    {
        foreach (var seat in seatIds)
        {
            Released.AddOrUpdate(seat, 1, (_, n) => n + 1);
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask StockChanged(Guid eventId, Guid ticketTypeId, int available, int total)
    {
        Stock[ticketTypeId] = available;
        return ValueTask.CompletedTask;
    }
}
