namespace Tiketi.Core.Notifications;

/// <summary>What one cancellation/expiry transaction gave back: freed seats and restored stock.</summary>
public sealed class ReleasedInventory
{
    private readonly List<ReleasedSeat> _seats = [];
    private readonly List<StockLevel> _stock = [];

    /// <summary>Freed seats, each with its event and the reservation that held it.</summary>
    public IReadOnlyList<ReleasedSeat> Seats => _seats;

    /// <summary>Stock levels after restoring quantities.</summary>
    public IReadOnlyList<StockLevel> Stock => _stock;

    /// <summary>Whether nothing was given back.</summary>
    public bool IsEmpty => _seats.Count == 0 && _stock.Count == 0;

    /// <summary>Records a freed seat.</summary>
    public void AddSeat(ReleasedSeat seat) => _seats.Add(seat);

    /// <summary>Records a restored stock level.</summary>
    public void AddStock(StockLevel level) => _stock.Add(level);

    /// <summary>Every event whose stock was restored (the ones whose cached views are stale).</summary>
    public IEnumerable<Guid> StockEventIds()
    {
        var seen = new HashSet<Guid>();
        foreach (var level in _stock)
        {
            if (seen.Add(level.EventId))
            {
                yield return level.EventId;
            }
        }
    }

    /// <summary>Freed seat ids grouped by event.</summary>
    public IEnumerable<(Guid EventId, IReadOnlyList<Guid> SeatIds)> SeatsByEvent()
    {
        foreach (var group in _seats.GroupBy(s => s.EventId))
        {
            yield return (group.Key, group.Select(s => s.SeatId).ToArray());
        }
    }
}
