using System.Buffers.Text;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;

namespace Tiketi.LoadTests;

/// <summary>
/// The real application path end to end: W watchers connect to Socket.IO with a JWT in the CONNECT auth payload
/// (<c>40{"token":"..."}</c>, as the React client does) and emit <c>join-seat-selection</c> on a fresh
/// 4,900-seat event; B buyers then hold seats over REST (<c>POST /api/seats/reserve</c>, one seat each) and cancel
/// them (<c>POST /api/reservations/:id/cancel</c>) in a loop until H holds were made. Reports holds/s, hold
/// request latency, hold-to-delivery latency (the hold request's send → each watcher reading
/// <c>seat-selected</c> for that seat, one process clock), delivered messages/s and socket events per hold.
/// With <c>--cancel false</c> holds are kept instead: every hold takes a distinct seat (so H ≤ 4,899) and, because the
/// server limits pending holds per user and event (<c>Tiketi:Holds:MaxSeatsPerUserPerEvent</c>, 1 by default; pass
/// <c>--seats-per-user</c> if the server allows more), each user holds at most that many: H ÷ that many users are registered.
/// A probe hold before the measurement proves which watchers are in the room (the join has no ack).
/// Usage: realtime --url http://127.0.0.1:3001 [--watchers 5000] [--buyers 50] [--holds 2000] [--users B]
///                 [--cancel true|false] [--seats-per-user 1] [--rate R]
///                 [--concurrency 200] [--drain 10] [--max-seconds 900] [--server-pid P] [--admin-email ... --admin-password ...]
/// <c>--rate R</c> paces the holds open-loop at R per second (hold k starts at k ÷ R s, by the first free buyer), so
/// delivery latency is measured at a fixed offered load instead of at saturation; holds that start late because every
/// buyer was busy are counted.
/// Watchers reuse the buyers' tokens round-robin (<c>--users</c> registers more distinct users for them).
/// The server needs auth rate limits off (TIKETI_RATE_LIMITS=off) for the registrations.
/// </summary>
public static class RealtimeScenario
{
    private const int SeatCount = 4900;

    /// <summary>Runs the scenario; returns the process exit code (0 when every hold and delivery succeeded).</summary>
    public static async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var options = new BenchArguments(args);
        var server = options.Server();
        var url = $"http://{server}";
        var watchers = options.Int("watchers", 5000);
        var buyers = options.Int("buyers", 50);
        var holds = options.Int("holds", 2000);
        var users = Math.Max(buyers, options.Int("users", buyers));
        var cancelHolds = options.String("cancel", "true") switch
        {
            "true" => true,
            "false" => false,
            var other => throw new ArgumentException($"--cancel expects true or false, got '{other}'"),
        };
        var seatsPerUser = options.Int("seats-per-user", 1);
        var concurrency = options.Int("concurrency", 200);
        var drain = TimeSpan.FromSeconds(options.Double("drain", 10));
        var maxSeconds = options.Double("max-seconds", 900);
        var adminEmail = options.String("admin-email", "admin@tiketi.gg");
        var adminPassword = options.String("admin-password", "admin123");
        var serverPid = options.OptionalInt("server-pid");
        var rate = options.Double("rate", 0);
        options.RejectUnknown();
        if (seatsPerUser < 1)
        {
            throw new ArgumentException("--seats-per-user must be at least 1");
        }
        if (!cancelHolds)
        {
            if (holds > SeatCount - 1)
            {
                throw new ArgumentException($"--cancel false holds every seat once: --holds must be at most {SeatCount - 1} (one seat is the probe)");
            }
            users = Math.Max(users, (holds + seatsPerUser - 1) / seatsPerUser);
        }
        if (watchers + buyers + 200 > 19_800)
        {
            throw new ArgumentException($"{watchers} watchers + {buyers} buyers exceed the 20,000 file descriptors this machine allows");
        }

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        stop.CancelAfter(TimeSpan.FromSeconds(maxSeconds));
        var ct = stop.Token;

        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = Math.Max(buyers, 16), PooledConnectionLifetime = TimeSpan.FromMinutes(30) };
        using var http = new HttpClient(handler) { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(60) };
        var setup = new HoldsScenarioSetup(http);
        Console.WriteLine($"realtime: {watchers} watchers, {buyers} buyers, {holds} holds{(cancelHolds ? "" : " (kept, not cancelled)")} against {url}; preparing");
        var admin = await setup.LoginAsync(adminEmail, adminPassword, ct);
        var eventId = await setup.CreateEventAsync(admin, SeatCount, 0, ct);
        await setup.DisableQueueAsync(admin, eventId, ct);
        var seats = await setup.SeatsAsync(eventId, ct);
        var tokens = await setup.RegisterBuyersAsync(users, Environment.ProcessorCount * 4, ct);

        var watch = new SeatWatch(seats, watchers);
        var connectPackets = tokens.Select(t => Encoding.UTF8.GetBytes($"40{{\"token\":\"{t}\"}}")).ToArray();
        using var fleet = new ClientFleet(server, watch, watchers, null, i => connectPackets[i % connectPackets.Length]);
        var connectTime = await ShowProgress.RunAsync($"connecting {watchers:N0}", watchers,
            report => fleet.OpenAsync(watchers, concurrency, TimeSpan.FromSeconds(30), report, ct));
        var connected = fleet.Connected;
        Console.WriteLine($"connected       {connected.Count} of {watchers} in {connectTime.TotalSeconds:F1} s ({fleet.Failed} failed{(fleet.FirstFailure is null ? "" : ": " + fleet.FirstFailure)})");
        var join = Encoding.UTF8.GetBytes($"[\"join-seat-selection\",{{\"eventId\":\"{eventId}\"}}]");
        foreach (var client in connected)
        {
            client.Emit(join);
        }

        // The join has no ack: a probe hold on a seat the measurement never uses shows who is in the room.
        var probe = seats.Length - 1;
        var probeReservation = await HoldAsync(http, tokens[0], eventId, seats[probe], ct);
        var joined = await AwaitDeliveriesAsync(() => watch.DeliveriesOf(probe), connected.Count, TimeSpan.FromSeconds(30), ct);
        if (probeReservation is not null)
        {
            await CancelAsync(http, tokens[0], probeReservation, ct);
        }
        Console.WriteLine($"joined          {joined} watchers received the probe hold");

        var run = new HoldRun();
        var ownBefore = ProcessSample.TryRead(Environment.ProcessId);
        var serverBefore = ProcessSample.TryRead(serverPid);
        var messagesBefore = watch.Messages;
        watch.StartMeasuring();
        var clock = Stopwatch.StartNew();
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, buyers).Select(b => Task.Run(async () =>
        {
            int k;
            while ((k = Interlocked.Increment(ref next)) < holds && !ct.IsCancellationRequested)
            {
                try
                {
                    if (rate > 0)
                    {
                        // Open loop: hold k is due k / rate seconds after the start, whoever is free sends it.
                        var due = TimeSpan.FromSeconds(k / rate) - clock.Elapsed;
                        if (due > TimeSpan.Zero)
                        {
                            await Task.Delay(due, ct);
                        }
                        else if (due < TimeSpan.FromMilliseconds(-10))
                        {
                            Interlocked.Increment(ref run.Late);
                        }
                    }
                    var seat = k % probe;
                    // Kept holds count against the holder's per-event limit, so each user takes only its share of them.
                    var token = cancelHolds ? tokens[b] : tokens[k / seatsPerUser];
                    var sent = watch.MarkSent(seat);
                    var reservation = await HoldAsync(http, token, eventId, seats[seat], ct);
                    run.HoldLatency.Record((long)Stopwatch.GetElapsedTime(sent).TotalMicroseconds);
                    if (reservation is null)
                    {
                        Interlocked.Increment(ref run.Failures);
                        continue;
                    }
                    Interlocked.Increment(ref run.Holds);
                    if (cancelHolds && !await CancelAsync(http, token, reservation, ct))
                    {
                        Interlocked.Increment(ref run.Failures);
                    }
                }
                catch (OperationCanceledException) when (ct.IsCancellationRequested)
                {
                    // --max-seconds or Ctrl+C: report what was measured so far.
                }
            }
        }, CancellationToken.None)));
        var holdTime = clock.Elapsed;
        if (ct.IsCancellationRequested)
        {
            Console.WriteLine($"stopped         by --max-seconds ({maxSeconds} s) or Ctrl+C after {holdTime.TotalSeconds:F1} s of holds: partial figures, no drain");
        }
        var expected = run.Holds * joined;
        var delivered = await AwaitDeliveriesAsync(() => watch.Delivered, expected, drain, ct);
        var deliverySeconds = watch.LastDeliverySeconds(clock);
        var messages = watch.Messages - messagesBefore;
        var ownAfter = ProcessSample.TryRead(Environment.ProcessId);
        var serverAfter = ProcessSample.TryRead(serverPid);

        Console.WriteLine($"holds           {run.Holds / holdTime.TotalSeconds,12:F0} holds/s   ({run.Holds} holds, {(cancelHolds ? "each then cancelled" : "kept")}, in {holdTime.TotalSeconds:F2} s by {buyers} buyers; {run.Failures} failed requests)");
        if (rate > 0)
        {
            Console.WriteLine($"offered         {rate,12:F0} holds/s   (open loop; {run.Late} holds started > 10 ms late because all {buyers} buyers were busy)");
        }
        Console.WriteLine($"hold requests   p50 {Ms(run.HoldLatency.Percentile(50)),8:F1} ms   p99 {Ms(run.HoldLatency.Percentile(99)),8:F1} ms");
        Console.WriteLine($"deliveries      {delivered} of {expected} expected ({(expected == 0 ? 0 : 100.0 * delivered / expected):F1} %) seat-selected to {joined} watchers");
        Console.WriteLine($"delivery rate   {(deliverySeconds > 0 ? delivered / deliverySeconds : 0),12:F0} msgs/s   (seat-selected; {watch.Messages} socket events in all incl. seat-released, over {deliverySeconds:F2} s)");
        Console.WriteLine($"events per hold {(run.Holds * joined == 0 ? 0 : (double)messages / run.Holds / joined),12:F2} per watcher   ({(run.Holds == 0 ? 0 : (double)messages / run.Holds):F0} socket events per hold over {joined} watchers: seat-locked, seat-selected{(cancelHolds ? ", seat-released" : "")} and any others)");
        Console.WriteLine($"hold→delivery   p50 {Ms(watch.Latency.Percentile(50)),8:F1} ms   p99 {Ms(watch.Latency.Percentile(99)),8:F1} ms   max {Ms(watch.Latency.Max),8:F1} ms   (from sending the hold request)");
        Console.WriteLine($"emit→delivery   p50 {Ms(watch.EmitLatency.Percentile(50)),8:F1} ms   p99 {Ms(watch.EmitLatency.Percentile(99)),8:F1} ms   max {Ms(watch.EmitLatency.Max),8:F1} ms   (from the event's server timestamp, 1 ms resolution)");
        Console.WriteLine($"CPU             generator {CpuPercent(ownBefore, ownAfter)}   server {(serverPid is null ? "not measured (--server-pid)" : CpuPercent(serverBefore, serverAfter))}   (100 % = one core, over the hold loop and drain)");
        if (watch.Unrecognized > 0)
        {
            Console.WriteLine($"unrecognized    {watch.Unrecognized} seat-selected events named a seat not on this event");
        }
        Console.WriteLine($"watchers closed {watch.Closed}{(watch.FirstCloseReason is null ? "" : " (first: " + watch.FirstCloseReason + ")")}");
        return run.Failures == 0 && delivered == expected && joined == watchers && watch.Closed == 0 ? 0 : 1;
    }

    private static double Ms(long micros) => micros / 1000.0;

    private static string CpuPercent(ProcessSample? before, ProcessSample? after) =>
        before is { } b && after is { } a && a.TakenAt > b.TakenAt
            ? $"{100 * (a.CpuTime - b.CpuTime).TotalSeconds / (a.TakenAt - b.TakenAt).TotalSeconds:F0} %"
            : "n/a";

    /// <summary>Waits (polling, bounded) until <paramref name="count"/> reaches <paramref name="target"/>; returns the last count.</summary>
    private static async Task<long> AwaitDeliveriesAsync(Func<long> count, long target, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        long seen;
        while ((seen = count()) < target && deadline.Elapsed < timeout && !cancellationToken.IsCancellationRequested)
        {
            await Task.Delay(20, CancellationToken.None);
        }
        return seen;
    }

    /// <summary>Holds one seat (REST 3.14); returns the reservation id, or null on any refusal.</summary>
    private static async Task<string?> HoldAsync(HttpClient http, string token, Guid eventId, Guid seat, CancellationToken cancellationToken)
    {
        var (status, text) = await BenchHttp.PostAsync(http, "/api/seats/reserve", token, $"{{\"eventId\":\"{eventId}\",\"seatIds\":[\"{seat}\"]}}", cancellationToken);
        var idStart = text.IndexOf("\"id\":\"", StringComparison.Ordinal);
        return status == HttpStatusCode.Created && idStart >= 0 ? text.Substring(idStart + 6, 36) : null;
    }

    private static async Task<bool> CancelAsync(HttpClient http, string token, string reservation, CancellationToken cancellationToken) =>
        (await BenchHttp.PostAsync(http, $"/api/reservations/{reservation}/cancel", token, null, cancellationToken)).Status == HttpStatusCode.OK;

    private sealed class HoldRun
    {
        public long Holds;
        public long Failures;
        public long Late;

        public LatencyHistogram HoldLatency { get; } = new();
    }
}
