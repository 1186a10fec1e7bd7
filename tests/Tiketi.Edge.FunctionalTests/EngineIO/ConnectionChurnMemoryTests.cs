using System.Buffers;
using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;
using Tiketi.Edge.EngineIO;
using Xunit.Abstractions;

namespace Tiketi.Edge.FunctionalTests.EngineIO;

/// <summary>
/// Robustness: many short WebSocket sessions must not leave anything behind. Memory is measured
/// as the live managed heap after forced, compacting, full collections (client and server share
/// the process, so this is the honest low-noise figure; working set would mostly measure the
/// GC's own reservations).
/// </summary>
[Collection(SerialTestCollection.Name)]
public class ConnectionChurnMemoryTests(ITestOutputHelper output)
{
    private const int WarmUpCycles = 500;
    private const int MeasuredCycles = 10_000;
    private const int Parallelism = 50;

    // A leak of even ~1 KB per session would add 10,000 × 1 KB ≈ 10 MB, above this bound; what
    // legitimately may grow (pool sizes, JIT-ed generics, metrics) is far below it.
    private const long ToleranceBytes = 8L * 1024 * 1024;

    // Every 100th connection is tracked weakly: once its session is closed and the heap collected,
    // nothing may still reference it.
    private const int WeakSampleEvery = 100;

    private static readonly TimeSpan PhaseTimeout = TimeSpan.FromSeconds(60);

    // The close-handshake guard (EngineOptions.CloseHandshakeTimeout, 2 s by default) keeps each
    // closed WebSocket reachable until it fires; releases are awaited for that long plus slack.
    private static readonly TimeSpan ReleaseSlack = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Ten_thousand_connect_disconnect_cycles_return_the_managed_heap_to_its_baseline()
    {
        var handler = new CountingEchoHandler();
        var port = FreePort();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.ClearProviders();
        var errors = new ErrorCollector();
        builder.Logging.AddProvider(errors);
        await using var app = builder.Build();
        var options = new EngineOptions { PingInterval = 25000, PingTimeout = 20000, MaxPayload = 10_000 };
        var engine = app.MapEngineIo("/engine.io/", handler, options);
        var releaseTimeout = TimeSpan.FromMilliseconds(options.CloseHandshakeTimeout) + ReleaseSlack;
        await app.StartAsync(CancellationToken.None);
        try
        {
            var url = new Uri($"ws://127.0.0.1:{port}/engine.io/?EIO=4&transport=websocket");

            await RunCyclesAsync(url, WarmUpCycles, handler);
            await AwaitSampledConnectionsCollectedAsync(handler, releaseTimeout);
            var baseline = ManagedHeapAfterFullCollection();

            await RunCyclesAsync(url, MeasuredCycles, handler);
            Assert.Equal(0, engine.SessionCount); // sessions leave the table before OnClose runs
            var released = await AwaitSampledConnectionsCollectedAsync(handler, releaseTimeout);
            var after = ManagedHeapAfterFullCollection();

            var delta = after - baseline;
            output.WriteLine($"managed heap: baseline {baseline:N0} B, after {MeasuredCycles:N0} cycles {after:N0} B, delta {delta:N0} B " +
                             $"(tolerance {ToleranceBytes:N0} B); sampled connections collected {released.TotalMilliseconds:N0} ms after the last close");
            Assert.Equal(WarmUpCycles + MeasuredCycles, handler.Opens);
            Assert.Equal(WarmUpCycles + MeasuredCycles, handler.Closes);
            Assert.Equal(0, handler.UnexpectedCloseReasons);
            Assert.True(delta < ToleranceBytes, $"managed heap grew by {delta:N0} B over {MeasuredCycles:N0} sessions (tolerance {ToleranceBytes:N0} B)");
            Assert.Empty(errors.Messages);
        }
        finally
        {
            using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await app.StopAsync(stop.Token);
            await engine.DisposeAsync();
        }
    }

    /// <summary>Runs <paramref name="cycles"/> sessions, <see cref="Parallelism"/> at a time, then awaits every server-side close.</summary>
    private static async Task RunCyclesAsync(Uri url, int cycles, CountingEchoHandler handler)
    {
        var expectedCloses = handler.Closes + cycles;
        using var timeout = new CancellationTokenSource(PhaseTimeout);
        var next = 0;
        var workers = Enumerable.Range(0, Parallelism).Select(_ => Task.Run(async () =>
        {
            var buffer = new byte[1024];
            int cycle;
            while ((cycle = Interlocked.Increment(ref next)) <= cycles)
            {
                await RunOneSessionAsync(url, cycle, buffer, timeout.Token);
            }
        }));
        await Task.WhenAll(workers);
        await handler.ClosesReached(expectedCloses).WaitAsync(timeout.Token);
    }

    /// <summary>Connect, read the open packet, have one message echoed, close the WebSocket cleanly.</summary>
    private static async Task RunOneSessionAsync(Uri url, int cycle, byte[] buffer, CancellationToken cancellationToken)
    {
        using var socket = new ClientWebSocket();
        await socket.ConnectAsync(url, cancellationToken);
        var open = await ReceiveTextAsync(socket, buffer, cancellationToken);
        Assert.StartsWith("0{\"sid\":", open, StringComparison.Ordinal);

        var message = "4cycle " + cycle.ToString(System.Globalization.CultureInfo.InvariantCulture);
        await socket.SendAsync(Encoding.UTF8.GetBytes(message), WebSocketMessageType.Text, true, cancellationToken);
        Assert.Equal(message, await ReceiveTextAsync(socket, buffer, cancellationToken));

        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, cancellationToken);
    }

    private static async Task<string> ReceiveTextAsync(ClientWebSocket socket, byte[] buffer, CancellationToken cancellationToken)
    {
        var result = await socket.ReceiveAsync(buffer, cancellationToken);
        Assert.Equal(WebSocketMessageType.Text, result.MessageType);
        Assert.True(result.EndOfMessage, "a short frame arrived in pieces larger than the buffer");
        return Encoding.UTF8.GetString(buffer, 0, result.Count);
    }

    /// <summary>
    /// Collects until no sampled connection is reachable any more (the server's close-handshake
    /// timers hold each closed one briefly); fails if one still is after <paramref name="timeout"/>.
    /// Returns how long that took. There is no event for "unreachable", so this polls the condition.
    /// </summary>
    private static async Task<TimeSpan> AwaitSampledConnectionsCollectedAsync(CountingEchoHandler handler, TimeSpan timeout)
    {
        var started = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            ManagedHeapAfterFullCollection();
            var live = handler.LiveSamples();
            if (live == 0)
            {
                return started.Elapsed;
            }

            Assert.True(started.Elapsed < timeout, $"{live} of {handler.Samples} sampled closed connections are still referenced {timeout.TotalSeconds:N0} s after closing");
            await Task.Delay(100);
        }
    }

    private static long ManagedHeapAfterFullCollection()
    {
        for (var i = 0; i < 2; i++)
        {
            GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
        }

        // Live bytes = heap size minus free space, which is what GC.GetTotalMemory means to return;
        // read from the GC's own record of that collection because GetTotalMemory itself can
        // underflow to a negative number under the regions GC (dotnet/runtime#106712; seen here).
        var collection = GC.GetGCMemoryInfo(GCKind.FullBlocking);
        return collection.HeapSizeBytes - collection.FragmentedBytes;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Echoes messages and only counts sessions, so the test itself retains nothing per session.</summary>
    private sealed class CountingEchoHandler : IEngineHandler
    {
        private readonly Lock _gate = new();
        private readonly List<WeakReference<EngineConnection>> _samples = [];
        private int _opens;
        private int _closes;
        private int _unexpectedCloseReasons;
        private int _awaitedCloses = int.MaxValue;
        private TaskCompletionSource? _closesReached;

        public int Opens => Volatile.Read(ref _opens);

        public int Closes => Volatile.Read(ref _closes);

        public int UnexpectedCloseReasons => Volatile.Read(ref _unexpectedCloseReasons);

        /// <summary>Completes once <see cref="Closes"/> reaches <paramref name="count"/>.</summary>
        public Task ClosesReached(int count)
        {
            lock (_gate)
            {
                var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                if (Closes >= count)
                {
                    reached.SetResult();
                }
                else
                {
                    _awaitedCloses = count;
                    _closesReached = reached;
                }

                return reached.Task;
            }
        }

        public int Samples
        {
            get
            {
                lock (_gate)
                {
                    return _samples.Count;
                }
            }
        }

        public int LiveSamples()
        {
            lock (_gate)
            {
                return _samples.Count(sample => sample.TryGetTarget(out _));
            }
        }

        public void OnOpen(EngineConnection connection)
        {
            if (Interlocked.Increment(ref _opens) % WeakSampleEvery == 0)
            {
                lock (_gate)
                {
                    _samples.Add(new WeakReference<EngineConnection>(connection));
                }
            }
        }

        public ValueTask OnMessageAsync(EngineConnection connection, ReadOnlySequence<byte> payload, bool isBinary)
        {
            var message = OutboundMessage.CreateText(payload.ToArray());
            connection.Send(message);
            message.Release();
            return ValueTask.CompletedTask;
        }

        public void OnClose(EngineConnection connection, string reason)
        {
            if (reason != "transport close")
            {
                Interlocked.Increment(ref _unexpectedCloseReasons);
            }

            var closes = Interlocked.Increment(ref _closes);
            lock (_gate)
            {
                if (closes >= _awaitedCloses)
                {
                    _awaitedCloses = int.MaxValue;
                    _closesReached?.TrySetResult();
                    _closesReached = null;
                }
            }
        }
    }
}
