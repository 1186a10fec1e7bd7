using Spectre.Console;

namespace Tiketi.LoadTests;

/// <summary>
/// <c>connect</c>: opens N WebSockets (Engine.IO open + Socket.IO CONNECT each) at a bounded
/// number of handshakes in flight, holds them, and reports how fast and how cheaply the server
/// accepted them.
/// </summary>
internal sealed class ConnectScenario : IBenchEventSink
{
    public static async Task<BenchResult> RunAsync(BenchArguments args, CancellationToken cancellationToken)
    {
        var server = new ServerUnderTest(args);
        var sockets = args.Int("sockets", 10_000);
        var concurrency = args.Int("concurrency", 200);
        var hold = TimeSpan.FromSeconds(args.Double("hold", 3));
        var timeout = TimeSpan.FromSeconds(args.Double("connect-timeout", 30));
        var sources = args.OptionalInt("sources");
        var json = args.OptionalString("json");
        args.RejectUnknown();
        server.CheckCapacity(sockets);
        await server.WaitUntilListeningAsync(TimeSpan.FromSeconds(60), cancellationToken);

        var sink = new ConnectScenario();
        using var fleet = new ClientFleet(server.EndPoint, sink, sockets, sources);
        var before = server.Sample();
        var own = ProcessSample.TryRead(Environment.ProcessId);
        var elapsed = await ShowProgress.RunAsync($"connecting {sockets:N0}", sockets,
            report => fleet.OpenAsync(sockets, concurrency, timeout, report, cancellationToken));
        var afterConnect = server.Sample();
        var ownAfter = ProcessSample.TryRead(Environment.ProcessId);
        await Task.Delay(hold, cancellationToken);
        var afterHold = server.Sample();
        var stillConnected = fleet.Connected.Count;
        var connected = (int)fleet.ConnectLatency.Count;

        var result = new BenchResult
        {
            Scenario = "connect",
            Label = server.Label,
            Parameters = $"sockets={sockets} concurrency={concurrency} hold={hold.TotalSeconds}s sources={fleet.Sources.Count} server={server.EndPoint}",
        };
        result.Add("connected", connected, "sockets", Better.Higher);
        result.Add("failed", fleet.Failed, "sockets", Better.Lower);
        result.Add("still connected after hold", stillConnected, "sockets", Better.Higher);
        result.Add("time to all connected", elapsed.TotalSeconds, "s", Better.Lower);
        result.Add("connect rate", connected / elapsed.TotalSeconds, "connects/s", Better.Higher);
        result.Add("connect latency p50", fleet.ConnectLatency.Percentile(50) / 1000.0, "ms", Better.Lower);
        result.Add("connect latency p99", fleet.ConnectLatency.Percentile(99) / 1000.0, "ms", Better.Lower);
        result.Add("connect latency max", fleet.ConnectLatency.Max / 1000.0, "ms", Better.Lower);
        if (before is { } b && afterConnect is { } a && afterHold is { } h && connected > 0)
        {
            result.Add("server RSS before", b.RssBytes / 1048576.0, "MiB", Better.Neither);
            result.Add("server RSS after hold", h.RssBytes / 1048576.0, "MiB", Better.Neither);
            result.Add("server RSS per connection", (h.RssBytes - b.RssBytes) / 1024.0 / connected, "KiB", Better.Lower);
            result.Add("server CPU per connect", (a.CpuTime - b.CpuTime).TotalMicroseconds / connected, "µs", Better.Lower);
            result.Add("server CPU while connecting", 100 * (a.CpuTime - b.CpuTime) / elapsed, "% of a core", Better.Neither);
        }
        else
        {
            result.Warnings.Add("no --server-pid: server RSS and CPU not measured");
        }
        if (own is { } o && ownAfter is { } oa)
        {
            var load = 100 * (oa.CpuTime - o.CpuTime) / elapsed;
            result.Add("generator CPU while connecting", load, "% of a core", Better.Neither);
        }
        if (fleet.FirstFailure is not null)
        {
            result.Warnings.Add($"{fleet.Failed} connects failed; first: {fleet.FirstFailure}");
        }
        if (sink._closed > 0)
        {
            result.Warnings.Add($"{sink._closed} connections closed by the server during the run; first: {sink._firstClose}");
        }
        if (json is not null)
        {
            result.Save(json);
        }
        return result;
    }

    private int _closed;
    private string? _firstClose;

    public void OnEvent(BenchClient client, ReadOnlySpan<byte> eventArray)
    {
        // The fixture's `auth` echo and nothing else arrives here; the scenario only holds sockets.
    }

    public void OnClosed(BenchClient client, string reason)
    {
        if (Interlocked.Increment(ref _closed) == 1)
        {
            _firstClose = reason;
        }
    }
}
