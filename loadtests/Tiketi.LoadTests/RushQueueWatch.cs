using System.Diagnostics;
using System.Text;

namespace Tiketi.LoadTests;

/// <summary>
/// What one rush shard's waiting sockets read: <c>queue-entry-allowed</c> completes that user's admission, and each
/// distinct <c>queue-updated</c> push (a "wave", told apart by its server <c>timestamp</c>: each waiting socket's copy
/// also carries its own <c>position</c>) is stamped per socket with the wall clock,
/// so the shard can tell how long a wave took to reach every waiting socket and which waiting sockets missed it.
/// Runs on the clients' receive loops: a wave allocates once (its payload), deliveries allocate nothing.
/// </summary>
internal sealed class RushQueueWatch : IBenchEventSink
{
    /// <summary>Most distinct waves tracked per socket (one bit each); later waves are counted, not tracked per socket.</summary>
    public const int MaxWaves = 512;

    private const int WordsPerSocket = MaxWaves / 64;
    private readonly long _wallAtStart = DateTime.UtcNow.Ticks;
    private readonly long _stampAtStart = Stopwatch.GetTimestamp();
    private readonly TaskCompletionSource<long>[] _admitted;
    private readonly ulong[] _received;
    private readonly Dictionary<ulong, RushWave> _waves = [];
    private readonly List<RushWave> _ordered = [];
    private int _closed;
    private long _positioned;

    public RushQueueWatch(int sockets)
    {
        _admitted = new TaskCompletionSource<long>[sockets];
        for (var i = 0; i < sockets; i++)
        {
            _admitted[i] = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        _received = new ulong[sockets * WordsPerSocket];
    }

    public int Closed => Volatile.Read(ref _closed);

    /// <summary><c>queue-updated</c> deliveries that carried the socket's own <c>position</c> and <c>estimatedWait</c>.</summary>
    public long PositionedDeliveries => Interlocked.Read(ref _positioned);

    public string? FirstCloseReason { get; private set; }

    /// <summary>Wall-clock ticks (UTC) now, comparable across generator processes on this machine.</summary>
    public long Now() => _wallAtStart + Stopwatch.GetElapsedTime(_stampAtStart).Ticks;

    /// <summary>Completes with the wall-clock ticks at which user <paramref name="index"/> read its <c>queue-entry-allowed</c>.</summary>
    public Task<long> AdmittedAsync(int index) => _admitted[index].Task;

    /// <summary>The waves seen so far, in order of first delivery.</summary>
    public IReadOnlyList<RushWave> Waves
    {
        get
        {
            lock (_waves)
            {
                return [.. _ordered];
            }
        }
    }

    /// <summary>Whether socket <paramref name="index"/> read wave number <paramref name="wave"/>.</summary>
    public bool Received(int index, int wave) =>
        wave < MaxWaves && (Volatile.Read(ref _received[(index * WordsPerSocket) + (wave >> 6)]) & (1UL << (wave & 63))) != 0;

    public void OnEvent(BenchClient client, ReadOnlySpan<byte> eventArray)
    {
        if (eventArray.StartsWith("[\"queue-entry-allowed\""u8))
        {
            _admitted[client.Id].TrySetResult(Now());
        }
        else if (eventArray.StartsWith("[\"queue-updated\""u8))
        {
            OnWave(client.Id, eventArray);
        }
    }

    public void OnClosed(BenchClient client, string reason)
    {
        if (Interlocked.Increment(ref _closed) == 1)
        {
            FirstCloseReason = reason;
        }
    }

    private void OnWave(int index, ReadOnlySpan<byte> payload)
    {
        var now = Now();
        if (payload.IndexOf("\"position\":"u8) >= 0 && payload.IndexOf("\"estimatedWait\":"u8) >= 0)
        {
            Interlocked.Increment(ref _positioned);
        }

        // One wave = one server stamp (the per-socket position differs); keep just "timestamp":"…" as its identity.
        var stamp = payload.IndexOf("\"timestamp\":\""u8);
        if (stamp >= 0)
        {
            var end = payload[(stamp + 13)..].IndexOf((byte)'"');
            payload = end < 0 ? payload[stamp..] : payload.Slice(stamp, 13 + end + 1);
        }

        var key = Fnv1a(payload);
        RushWave? wave;
        lock (_waves)
        {
            if (!_waves.TryGetValue(key, out wave))
            {
                wave = new RushWave { Number = _ordered.Count, Payload = Encoding.UTF8.GetString(payload), FirstTicks = now };
                _waves.Add(key, wave);
                _ordered.Add(wave);
            }
            wave.LastTicks = Math.Max(wave.LastTicks, now);
            wave.Received++;
        }
        if (wave.Number < MaxWaves)
        {
            Interlocked.Or(ref _received[(index * WordsPerSocket) + (wave.Number >> 6)], 1UL << (wave.Number & 63));
        }
    }

    private static ulong Fnv1a(ReadOnlySpan<byte> bytes)
    {
        var hash = 14695981039346656037UL;
        foreach (var b in bytes)
        {
            hash = (hash ^ b) * 1099511628211UL;
        }
        return hash;
    }
}
