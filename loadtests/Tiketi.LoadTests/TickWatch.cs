using System.Buffers.Text;
using System.Diagnostics;

namespace Tiketi.LoadTests;

/// <summary>
/// What the fanout subscribers read: <c>["tick",{"t":&lt;send timestamp&gt;}]</c> events, counted and timed (send →
/// the read that carried them, one process clock) once their timestamp is past the start of the measurement.
/// Runs on the clients' receive loops: no allocation, per-client counts (<see cref="ClientTally"/>).
/// </summary>
internal sealed class TickWatch(int clients) : IBenchEventSink
{
    private readonly ClientTally _delivered = new(clients);
    private readonly ClientTally _lastDelivery = new(clients);
    private long _measureFrom = long.MaxValue;
    private long _malformed;
    private int _closed;

    public LatencyHistogram Latency { get; } = new();

    /// <summary>Ticks sent at or after <see cref="StartMeasuring"/>'s timestamp that arrived.</summary>
    public long Delivered => _delivered.Sum();

    /// <summary>When the last counted tick arrived (a <see cref="Stopwatch"/> timestamp; 0 if none).</summary>
    public long LastDelivery => _lastDelivery.Max();

    /// <summary>Tick events whose timestamp could not be read.</summary>
    public long Malformed => Volatile.Read(ref _malformed);

    public int Closed => Volatile.Read(ref _closed);

    public string? FirstCloseReason { get; private set; }

    /// <summary>Counts ticks stamped at or after <paramref name="timestamp"/> from now on (earlier ones are warm-up).</summary>
    public void StartMeasuring(long timestamp) => Volatile.Write(ref _measureFrom, timestamp);

    public void OnEvent(BenchClient client, ReadOnlySpan<byte> eventArray)
    {
        if (!eventArray.StartsWith("[\"tick\","u8))
        {
            return;
        }
        var at = eventArray.IndexOf("\"t\":"u8);
        if (at < 0 || !Utf8Parser.TryParse(eventArray[(at + 4)..], out long sent, out _))
        {
            Interlocked.Increment(ref _malformed);
            return;
        }
        if (sent < Volatile.Read(ref _measureFrom))
        {
            return;
        }
        var now = client.ReceivedAt;
        Latency.Record((long)Stopwatch.GetElapsedTime(sent, now).TotalMicroseconds);
        _lastDelivery.Raise(client, now);
        _delivered.Increment(client);
    }

    public void OnClosed(BenchClient client, string reason)
    {
        if (Interlocked.Increment(ref _closed) == 1)
        {
            FirstCloseReason = reason;
        }
    }
}
