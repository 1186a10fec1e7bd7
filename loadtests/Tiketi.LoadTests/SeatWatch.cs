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

    /// <summary>
    /// Server emit → watcher read: the event's own <c>timestamp</c> (server clock, ms) against the read time on the
    /// same machine's clock — how fast a committed hold reaches the seat maps, without the hold request's queueing.
    /// </summary>
    public LatencyHistogram EmitLatency { get; } = new();

    // Wall clock (ms since midnight UTC) at a Stopwatch reading, to place receive times on the server's clock.
    private readonly long _baseTicks = Stopwatch.GetTimestamp();
    private readonly double _baseWallMs = DateTime.UtcNow.TimeOfDay.TotalMilliseconds;

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
        var stamp = eventArray.IndexOf("\"timestamp\":\""u8);
        if (stamp >= 0 && TryTimeOfDayMs(eventArray[(stamp + 13)..], out var emittedMs))
        {
            var receivedMs = _baseWallMs + (Stopwatch.GetElapsedTime(_baseTicks, now).TotalMilliseconds);
            var delay = (receivedMs - emittedMs) % 86_400_000;
            EmitLatency.Record((long)(Math.Max(0, delay < -43_200_000 ? delay + 86_400_000 : delay) * 1000));
        }
    }

    // "YYYY-MM-DDTHH:MM:SS.fffZ" → milliseconds since midnight (the contract's timestamp format).
    private static bool TryTimeOfDayMs(ReadOnlySpan<byte> text, out double ms)
    {
        ms = 0;
        if (text.Length < 24 || text[10] != (byte)'T' || text[19] != (byte)'.' || text[23] != (byte)'Z')
        {
            return false;
        }

        static int D(byte b) => b - (byte)'0';
        var hours = (D(text[11]) * 10) + D(text[12]);
        var minutes = (D(text[14]) * 10) + D(text[15]);
        var seconds = (D(text[17]) * 10) + D(text[18]);
        var millis = (D(text[20]) * 100) + (D(text[21]) * 10) + D(text[22]);
        ms = (((hours * 60) + minutes) * 60 + seconds) * 1000.0 + millis;
        return true;
    }

    public void OnClosed(BenchClient client, string reason)
    {
        if (Interlocked.Increment(ref _closed) == 1)
        {
            FirstCloseReason = reason;
        }
    }
}
