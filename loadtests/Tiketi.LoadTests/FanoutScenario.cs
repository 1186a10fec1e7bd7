using System.Buffers.Text;
using System.Diagnostics;
using Spectre.Console;

namespace Tiketi.LoadTests;

/// <summary>
/// <c>fanout</c>: N subscribers join one room; a publisher (not a member) emits
/// <c>broadcast (room, "tick", {"t": send timestamp})</c> at a fixed rate; the server sends
/// each tick to every member. Measures delivered messages/s, delivery latency (publisher send
/// → subscriber receive, same clock) and server CPU per delivered message. A warm-up period is
/// published first and excluded by timestamp, so in-flight warm-up ticks never count.
/// </summary>
internal static class FanoutScenario
{
    public static async Task<BenchResult> RunAsync(BenchArguments args, CancellationToken cancellationToken)
    {
        var server = new ServerUnderTest(args);
        var sockets = args.Int("sockets", 10_000);
        var concurrency = args.Int("concurrency", 200);
        var rate = args.Double("rate", 10);
        var duration = TimeSpan.FromSeconds(args.Double("duration", 10));
        var warmup = TimeSpan.FromSeconds(args.Double("warmup", 2));
        var drain = TimeSpan.FromSeconds(args.Double("drain", 10));
        var room = args.String("room", "bench");
        var sources = args.OptionalInt("sources");
        var json = args.OptionalString("json");
        args.RejectUnknown();
        if (rate <= 0 || rate > 100_000)
        {
            throw new ArgumentException("--rate must be in (0, 100000] broadcasts/s");
        }
        server.CheckCapacity(sockets + 1);
        await server.WaitUntilListeningAsync(TimeSpan.FromSeconds(60), cancellationToken);

        var watch = new TickWatch(sockets);
        using var fleet = new ClientFleet(server.EndPoint, watch, sockets + 1, sources);
        var result = new BenchResult
        {
            Scenario = "fanout",
            Label = server.Label,
            Parameters = $"subscribers={sockets} rate={rate}/s duration={duration.TotalSeconds}s warmup={warmup.TotalSeconds}s server={server.EndPoint}",
        };

        await ShowProgress.RunAsync($"connecting {sockets:N0}", sockets,
            report => fleet.OpenAsync(sockets, concurrency, TimeSpan.FromSeconds(30), report, cancellationToken));
        var subscribers = fleet.Connected;
        var joinRequest = $"[\"join\",\"{room}\"]";
        var joined = 0;
        await Parallel.ForEachAsync(subscribers, new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = cancellationToken },
            async (client, ct) =>
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
                timeout.CancelAfter(TimeSpan.FromSeconds(30));
                try
                {
                    if (await client.EmitWithAckAsync(joinRequest, timeout.Token) == "[true]")
                    {
                        Interlocked.Increment(ref joined);
                    }
                }
                catch (Exception e) when (e is IOException or OperationCanceledException && !ct.IsCancellationRequested)
                {
                    // counted below as a subscriber that did not join
                }
            });
        if (joined < subscribers.Count || fleet.Failed > 0)
        {
            result.Warnings.Add($"{sockets - joined} of {sockets} subscribers are not in the room (connect failures: {fleet.Failed}; first: {fleet.FirstFailure})");
        }

        using var publisher = new BenchClient(watch, -1);
        await publisher.ConnectAsync(server.EndPoint, null, cancellationToken).WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);

        var (published, measuredFrom, serverBefore, ownBefore) =
            await PublishAsync(publisher, room, rate, warmup, duration, server, watch, cancellationToken);
        var expected = (long)joined * published;
        var drained = await DrainAsync(watch, expected, drain, cancellationToken);
        var serverAfter = server.Sample();
        var ownAfter = ProcessSample.TryRead(Environment.ProcessId);

        var delivered = watch.Delivered;
        var last = watch.LastDelivery;
        var window = Stopwatch.GetElapsedTime(measuredFrom, Math.Max(last, measuredFrom + 1));
        var wall = Stopwatch.GetElapsedTime(measuredFrom);
        result.Add("subscribers in room", joined, "sockets", Better.Higher);
        result.Add("broadcasts published (measured)", published, "msgs", Better.Neither);
        result.Add("deliveries expected", expected, "msgs", Better.Neither);
        result.Add("deliveries received", delivered, "msgs", Better.Higher);
        result.Add("delivered fraction", expected == 0 ? double.NaN : 100.0 * delivered / expected, "%", Better.Higher);
        result.Add("delivered rate", delivered / window.TotalSeconds, "msgs/s", Better.Higher);
        result.Add("delivery latency p50", watch.Latency.Percentile(50) / 1000.0, "ms", Better.Lower);
        result.Add("delivery latency p99", watch.Latency.Percentile(99) / 1000.0, "ms", Better.Lower);
        result.Add("delivery latency max", watch.Latency.Max / 1000.0, "ms", Better.Lower);
        if (serverBefore is { } sb && serverAfter is { } sa && delivered > 0)
        {
            result.Add("server CPU per delivered msg", (sa.CpuTime - sb.CpuTime).TotalMicroseconds / delivered, "µs", Better.Lower);
            result.Add("server CPU", 100 * (sa.CpuTime - sb.CpuTime) / wall, "% of a core", Better.Neither);
            result.Add("server RSS at end", sa.RssBytes / 1048576.0, "MiB", Better.Lower);
        }
        else
        {
            result.Warnings.Add("no --server-pid: server CPU not measured");
        }
        if (ownBefore is { } ob && ownAfter is { } oa)
        {
            var load = 100 * (oa.CpuTime - ob.CpuTime) / wall;
            result.Add("generator CPU", load, "% of a core", Better.Neither);
            if (delivered > 0)
            {
                result.Add("generator CPU per delivered msg", (oa.CpuTime - ob.CpuTime).TotalMicroseconds / delivered, "µs", Better.Neither);
            }
            if (load > 90)
            {
                result.Warnings.Add($"the generator used {load:0}% of a core: figures may be limited by the generator, not the server");
            }
        }
        if (!drained)
        {
            result.Warnings.Add($"not all deliveries arrived within the {drain.TotalSeconds}s drain: the server (or generator) fell behind the offered rate");
        }
        if (watch.Malformed > 0)
        {
            result.Warnings.Add($"{watch.Malformed} tick events could not be parsed");
        }
        if (watch.Closed > 0)
        {
            result.Warnings.Add($"{watch.Closed} connections were closed during the run; first: {watch.FirstCloseReason}");
        }
        if (json is not null)
        {
            result.Save(json);
        }
        return result;
    }

    /// <summary>Publishes on a fixed schedule (catching up if late); returns how many were measured.</summary>
    private static async Task<(long Published, long MeasuredFrom, ProcessSample? ServerBefore, ProcessSample? OwnBefore)> PublishAsync(
        BenchClient publisher, string room, double rate, TimeSpan warmup, TimeSpan duration, ServerUnderTest server,
        TickWatch watch, CancellationToken cancellationToken)
    {
        var prefix = System.Text.Encoding.UTF8.GetBytes($"[\"broadcast\",\"{room}\",\"tick\",{{\"t\":");
        var warmupCount = (long)Math.Round(warmup.TotalSeconds * rate);
        var total = warmupCount + Math.Max(1, (long)Math.Round(duration.TotalSeconds * rate));
        var buffer = new byte[prefix.Length + 32];
        prefix.CopyTo(buffer, 0);
        var start = Stopwatch.GetTimestamp();
        long measuredFrom = start;
        ProcessSample? serverBefore = null, ownBefore = null;
        for (long i = 0; i < total; i++)
        {
            var due = start + (long)(i * Stopwatch.Frequency / rate);
            var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
            if (wait > TimeSpan.FromMilliseconds(1))
            {
                await Task.Delay(wait, cancellationToken);
            }
            if (i == warmupCount)
            {
                serverBefore = server.Sample();
                ownBefore = ProcessSample.TryRead(Environment.ProcessId);
                measuredFrom = Stopwatch.GetTimestamp();
                watch.StartMeasuring(measuredFrom);
            }
            var now = Stopwatch.GetTimestamp();
            Utf8Formatter.TryFormat(now, buffer.AsSpan(prefix.Length), out var written);
            buffer[prefix.Length + written] = (byte)'}';
            buffer[prefix.Length + written + 1] = (byte)']';
            publisher.Emit(buffer.AsSpan(0, prefix.Length + written + 2));
        }
        return (total - warmupCount, measuredFrom, serverBefore, ownBefore);
    }

    /// <summary>Waits (polling, bounded by <paramref name="drain"/>) until <paramref name="expected"/> ticks arrived.</summary>
    private static async Task<bool> DrainAsync(TickWatch watch, long expected, TimeSpan drain, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        while (watch.Delivered < expected)
        {
            if (deadline.Elapsed >= drain)
            {
                return false;
            }
            await Task.Delay(10, cancellationToken);
        }
        return true;
    }
}
