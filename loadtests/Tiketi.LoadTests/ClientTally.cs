namespace Tiketi.LoadTests;

/// <summary>
/// A count (or a high-water mark) kept per <see cref="BenchClient"/> and combined when read. A client's receive loop
/// is the only writer of its slot, so sinks update it with plain stores instead of an interlocked instruction per
/// message on a shared counter; readers on other threads see each slot's latest value within moments. Clients
/// outside the fleet's ids (a publisher, id -1) share one extra slot, updated atomically.
/// </summary>
internal sealed class ClientTally(int clients)
{
    private readonly long[] _slots = new long[clients + 1];

    /// <summary>Adds one to <paramref name="client"/>'s count.</summary>
    public void Increment(BenchClient client)
    {
        var id = client.Id;
        if ((uint)id < (uint)(_slots.Length - 1))
        {
            _slots[id]++;
        }
        else
        {
            Interlocked.Increment(ref _slots[^1]);
        }
    }

    /// <summary>Raises <paramref name="client"/>'s mark to <paramref name="value"/> (used for the last delivery time).</summary>
    public void Raise(BenchClient client, long value)
    {
        var id = client.Id;
        if ((uint)id < (uint)(_slots.Length - 1))
        {
            if (value > _slots[id])
            {
                _slots[id] = value;
            }
            return;
        }
        var seen = Volatile.Read(ref _slots[^1]);
        while (value > seen)
        {
            var was = Interlocked.CompareExchange(ref _slots[^1], value, seen);
            if (was == seen)
            {
                return;
            }
            seen = was;
        }
    }

    /// <summary>The sum of every client's count.</summary>
    public long Sum()
    {
        long sum = 0;
        for (var i = 0; i < _slots.Length; i++)
        {
            sum += Volatile.Read(ref _slots[i]);
        }
        return sum;
    }

    /// <summary>The highest mark of any client (0 if none was raised).</summary>
    public long Max()
    {
        long max = 0;
        for (var i = 0; i < _slots.Length; i++)
        {
            max = Math.Max(max, Volatile.Read(ref _slots[i]));
        }
        return max;
    }
}
