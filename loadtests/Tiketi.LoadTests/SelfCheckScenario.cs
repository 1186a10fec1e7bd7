using System.Diagnostics;

namespace Tiketi.LoadTests;

/// <summary>
/// <c>selfcheck</c>: measures the generator, not a server. N clients connect to a <see cref="BatchingSource"/>
/// (<c>loadtests/run.sh selfcheck</c> starts one on the server core), which streams the realtime scenario's seat
/// events (<c>--events seats</c>, read by <see cref="SeatWatch"/>) or the fanout scenario's ticks (<c>--events tick</c>,
/// read by its tick sink) at <c>--rate</c> events/s per socket, <c>--batch</c> frames per TCP write. Reports the
/// received rate and the generator's CPU per received event, i.e. how fast a server this generator can observe.
/// </summary>
internal static class SelfCheckScenario
{
    public static async Task<BenchResult> RunAsync(BenchArguments args, CancellationToken cancellationToken)
    {
        var server = new ServerUnderTest(args);
        var sockets = args.Int("sockets", 5000);
        var concurrency = args.Int("concurrency", 200);
        var rate = args.Int("rate", 400);
        var batch = args.Int("batch", 40);
        var events = args.String("events", "seats");
        var duration = TimeSpan.FromSeconds(args.Double("duration", 10));
        var warmup = TimeSpan.FromSeconds(args.Double("warmup", 2));
        var sources = args.OptionalInt("sources");
        var json = args.OptionalString("json");
        args.RejectUnknown();
        if (events is not ("seats" or "tick") || rate <= 0 || batch <= 0 || batch > 10_000)
        {
            throw new ArgumentException("--events seats|tick, --rate > 0 events/s per socket, --batch 1..10000 events per write");
        }
        server.CheckCapacity(sockets);
        await server.WaitUntilListeningAsync(TimeSpan.FromSeconds(60), cancellationToken);

        const int Seed = 1;
        var seats = BatchingSource.SeatIds(Seed);
        var seatWatch = new SeatWatch(seats, sockets);
        var tickWatch = new TickWatch(sockets);
        IBenchEventSink sink = events == "seats" ? seatWatch : tickWatch;
        // Every tick is verified and timed; every seat event is counted, and one in three (seat-selected) verified and timed.
        Func<long> receivedCount = events == "seats" ? () => seatWatch.Messages : () => tickWatch.Delivered;
        var connect = BatchingSource.ConnectPacket(events, rate, batch, Seed);
        using var fleet = new ClientFleet(server.EndPoint, sink, sockets, sources, _ => connect);
        var result = new BenchResult
        {
            Scenario = "selfcheck",
            Label = server.Label,
            Parameters = $"sockets={sockets} events={events} rate={rate}/s per socket batch={batch} duration={duration.TotalSeconds}s warmup={warmup.TotalSeconds}s server={server.EndPoint}",
        };
        await ShowProgress.RunAsync($"connecting {sockets:N0}", sockets,
            report => fleet.OpenAsync(sockets, concurrency, TimeSpan.FromSeconds(30), report, cancellationToken));
        var clients = fleet.Connected;
        var connected = clients.Count;
        if (connected < sockets)
        {
            result.Warnings.Add($"{sockets - connected} of {sockets} sockets did not connect (first failure: {fleet.FirstFailure})");
        }

        await Task.Delay(warmup, cancellationToken);
        // Every seat counts as "sent" from here, so each seat-selected takes the same path as in the realtime scenario.
        for (var i = 0; i < seats.Length; i++)
        {
            seatWatch.MarkSent(i);
        }
        seatWatch.StartMeasuring();
        tickWatch.StartMeasuring(Stopwatch.GetTimestamp());
        var serverBefore = server.Sample();
        var ownBefore = ProcessSample.TryRead(Environment.ProcessId);
        var ownWaitBefore = ProcessSample.RunQueueWait(Environment.ProcessId);
        var serverWaitBefore = ProcessSample.RunQueueWait(server.Pid);
        var receivedBefore = receivedCount();
        var accountedBefore = seatWatch.Delivered;
        var clock = Stopwatch.StartNew();
        await Task.Delay(duration, cancellationToken);
        var received = receivedCount() - receivedBefore;
        var accounted = events == "seats" ? seatWatch.Delivered - accountedBefore : received;
        var wall = clock.Elapsed;
        var serverAfter = server.Sample();
        var ownAfter = ProcessSample.TryRead(Environment.ProcessId);
        var ownWait = ProcessSample.RunQueueWait(Environment.ProcessId) - ownWaitBefore;
        var serverWait = ProcessSample.RunQueueWait(server.Pid) - serverWaitBefore;

        result.Add("sockets connected", connected, "sockets", Better.Higher);
        result.Add("offered rate", (double)connected * rate, "msgs/s", Better.Neither);
        result.Add("events received", received, "msgs", Better.Higher);
        result.Add("received rate", received / wall.TotalSeconds, "msgs/s", Better.Higher);
        result.Add("received fraction", connected == 0 ? double.NaN : 100.0 * received / wall.TotalSeconds / connected / rate, "%", Better.Higher);
        result.Add(events == "seats" ? "seat-selected accounted" : "ticks accounted", accounted, "msgs", Better.Neither);
        if (ownBefore is { } ob && ownAfter is { } oa && received > 0)
        {
            result.Add("generator CPU", 100 * (oa.CpuTime - ob.CpuTime) / wall, "% of a core", Better.Neither);
            result.Add("generator CPU per received msg", (oa.CpuTime - ob.CpuTime).TotalMicroseconds / received, "µs", Better.Lower);
        }
        if (connected > 0)
        {
            result.Add("receive buffer per socket at end", clients.Average(c => c.ReceiveBufferSize) / 1024.0, "KiB", Better.Neither);
        }
        if (events == "tick")
        {
            result.Add("tick latency p50", tickWatch.Latency.Percentile(50) / 1000.0, "ms", Better.Lower);
            result.Add("tick latency p99", tickWatch.Latency.Percentile(99) / 1000.0, "ms", Better.Lower);
        }
        if (ownWait is { } ow)
        {
            result.Add("generator run-queue wait", 100 * ow / wall, "% of wall", Better.Lower);
        }
        if (serverBefore is { } sb && serverAfter is { } sa && received > 0)
        {
            result.Add("source CPU", 100 * (sa.CpuTime - sb.CpuTime) / wall, "% of a core", Better.Neither);
        }
        if (serverWait is { } sw)
        {
            result.Add("source run-queue wait", 100 * sw / wall, "% of wall", Better.Lower);
        }
        if (ownWait > wall / 5 || serverWait > wall / 5)
        {
            result.Warnings.Add("the generator or the source waited for a CPU a good part of the time (other processes on its core):"
                + " the received rate shows the machine's load; CPU per received msg is still the generator's cost");
        }
        if (events == "seats" && Math.Abs(received - 3 * accounted) > 3L * connected * batch)
        {
            result.Warnings.Add($"{accounted} seat-selected accounted of {received} seat events: expected one in three");
        }
        if (seatWatch.Unrecognized + tickWatch.Malformed > 0)
        {
            result.Warnings.Add($"{seatWatch.Unrecognized} seat-selected with an unknown seat id, {tickWatch.Malformed} ticks without a timestamp");
        }
        var closed = seatWatch.Closed + tickWatch.Closed;
        if (closed > 0)
        {
            result.Warnings.Add($"{closed} connections were closed during the run; first: {seatWatch.FirstCloseReason ?? tickWatch.FirstCloseReason}");
        }
        if (json is not null)
        {
            result.Save(json);
        }
        return result;
    }
}
