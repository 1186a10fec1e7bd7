using System.Diagnostics;
using System.Net;

namespace Tiketi.LoadTests;

/// <summary>
/// Opens many <see cref="BenchClient"/>s against one server at a bounded number of handshakes
/// in flight, spreading them over loopback source addresses (127.0.0.1, .2, …) because one
/// source address has only ~28k ephemeral ports towards one server port.
/// </summary>
internal sealed class ClientFleet : IDisposable
{
    /// <summary>Sockets per source address: comfortably below the ephemeral port range (32768–60999).</summary>
    public const int SocketsPerSource = 20_000;

    private readonly IPEndPoint _server;
    private readonly IBenchEventSink _sink;
    private readonly IPAddress[] _sources;
    private readonly Func<int, byte[]>? _connectPacket;
    private readonly List<BenchClient> _clients = [];
    private readonly object _gate = new();

    /// <param name="connectPacket">The Socket.IO CONNECT packet for client i (with its auth payload); null sends a bare "40".</param>
    public ClientFleet(IPEndPoint server, IBenchEventSink sink, int plannedSockets, int? sources, Func<int, byte[]>? connectPacket = null)
    {
        _server = server;
        _sink = sink;
        _connectPacket = connectPacket;
        var count = Math.Max(1, sources ?? (plannedSockets + SocketsPerSource - 1) / SocketsPerSource);
        _sources = Enumerable.Range(1, count).Select(i => new IPAddress(new byte[] { 127, 0, 0, (byte)i })).ToArray();
    }

    public IReadOnlyList<IPAddress> Sources => _sources;

    public LatencyHistogram ConnectLatency { get; } = new();

    public int Failed;

    public string? FirstFailure;

    public List<BenchClient> Connected
    {
        get
        {
            lock (_gate)
            {
                return _clients.Where(c => c.IsConnected).ToList();
            }
        }
    }

    /// <summary>
    /// Connects <paramref name="count"/> clients, at most <paramref name="concurrency"/> handshakes at
    /// once, each bounded by <paramref name="timeout"/>; returns the wall time it took.
    /// </summary>
    public async Task<TimeSpan> OpenAsync(int count, int concurrency, TimeSpan timeout, Action<int>? progress, CancellationToken cancellationToken)
    {
        var next = -1;
        var done = 0;
        var clock = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, Math.Min(concurrency, count)).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                var client = new BenchClient(_sink, i, _connectPacket?.Invoke(i));
                lock (_gate)
                {
                    _clients.Add(client);
                }
                var started = Stopwatch.GetTimestamp();
                try
                {
                    using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                    attempt.CancelAfter(timeout);
                    await client.ConnectAsync(_server, _sources[i % _sources.Length], attempt.Token);
                    ConnectLatency.Record((long)Stopwatch.GetElapsedTime(started).TotalMicroseconds);
                }
                catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                {
                    if (Interlocked.Increment(ref Failed) == 1)
                    {
                        FirstFailure = e.GetType().Name + ": " + e.Message;
                    }
                    client.Dispose();
                }
                progress?.Invoke(Interlocked.Increment(ref done));
            }
        }).ToList();
        await Task.WhenAll(workers);
        return clock.Elapsed;
    }

    public void Dispose()
    {
        lock (_gate)
        {
            foreach (var client in _clients)
            {
                client.Dispose();
            }
            _clients.Clear();
        }
    }
}
