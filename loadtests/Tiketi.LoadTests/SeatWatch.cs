using System.Diagnostics;

namespace Tiketi.LoadTests;

/// <summary>
/// What the watchers read: counts every socket event, and <c>seat-selected</c> per seat with send → receive latency
/// against the time each seat's hold request was sent. Runs on the clients' receive loops, so it allocates nothing
/// and keeps its counts per client (<see cref="ClientTally"/>) rather than in shared interlocked counters.
/// </summary>
internal sealed class SeatWatch(Guid[] seats, int clients) : IBenchEventSink
{
    private readonly SeatIndex _index = new(seats);
    private readonly long[] _sentAt = new long[seats.Length];
    private readonly long[] _deliveries = new long[seats.Length];
    private readonly ClientTally _messages = new(clients);
    private readonly ClientTally _delivered = new(clients);
    private readonly ClientTally _lastDelivery = new(clients);
    private long _unrecognized;
    private int _closed;
    private int _measuring;

    public LatencyHistogram Latency { get; } = new();

    /// <summary><c>seat-selected</c> events for a seat whose hold was sent, since <see cref="StartMeasuring"/>.</summary>
    public long Delivered => _delivered.Sum();

    /// <summary>Every socket event the watchers received.</summary>
    public long Messages => _messages.Sum();

    /// <summary><c>seat-selected</c> events whose seat id is not one of this event's seats (should stay 0).</summary>
    public long Unrecognized => Volatile.Read(ref _unrecognized);

    public int Closed => Volatile.Read(ref _closed);

    public string? FirstCloseReason { get; private set; }

    /// <summary><c>seat-selected</c> events for <paramref name="seat"/> while its hold was not stamped by <see cref="MarkSent"/> (the probe).</summary>
    public long DeliveriesOf(int seat) => Volatile.Read(ref _deliveries[seat]);

    public void StartMeasuring() => Volatile.Write(ref _measuring, 1);

    /// <summary>Stamps the send time of a hold of <paramref name="seat"/>, before the request leaves.</summary>
    public long MarkSent(int seat)
    {
        var now = Stopwatch.GetTimestamp();
        Volatile.Write(ref _sentAt[seat], now);
        return now;
    }

    /// <summary>Seconds from the start of <paramref name="clock"/> to the last measured delivery.</summary>
    public double LastDeliverySeconds(Stopwatch clock)
    {
        var last = _lastDelivery.Max();
        return last == 0 ? 0 : clock.Elapsed.TotalSeconds - Stopwatch.GetElapsedTime(last).TotalSeconds;
    }

    public void OnEvent(BenchClient client, ReadOnlySpan<byte> eventArray)
    {
        _messages.Increment(client);
        if (!eventArray.StartsWith("[\"seat-selected\","u8))
        {
            return;
        }
        var key = eventArray.IndexOf("\"seatId\":\""u8);
        var seat = key < 0 ? -1 : _index.IndexOf(eventArray[(key + 10)..]);
        if (seat < 0)
        {
            Interlocked.Increment(ref _unrecognized);
            return;
        }
        var sent = Volatile.Read(ref _sentAt[seat]);
        if (Volatile.Read(ref _measuring) == 0 || sent == 0)
        {
            Interlocked.Increment(ref _deliveries[seat]); // the probe (before or, late, after the measurement started)
            return;
        }
        var now = client.ReceivedAt;
        _delivered.Increment(client);
        _lastDelivery.Raise(client, now);
        Latency.Record((long)Stopwatch.GetElapsedTime(sent, now).TotalMicroseconds);
    }

    public void OnClosed(BenchClient client, string reason)
    {
        if (Interlocked.Increment(ref _closed) == 1)
        {
            FirstCloseReason = reason;
        }
    }
}
