using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Tiketi.LoadTests;

/// <summary>
/// The on-sale rush (issue 5): N users, each with an authenticated Socket.IO socket in the event's waiting room
/// (<c>join-queue</c>), arrive at once on one seat-map event whose queue has capacity C and admits R users/s
/// (<c>POST /api/queue/check</c>); queued users wait for their <c>queue-entry-allowed</c>, then hold a seat
/// (<c>POST /api/seats/reserve</c>), pay (<c>POST /api/payments/process</c>) and leave the queue. Reports check
/// throughput and latency, how long each <c>queue-updated</c> push took to reach every waiting socket, admitted/s
/// against the configured rate — split into seconds with free slots (the admission loop's own pace) and seconds at
/// capacity (buyer turnover) — purchases, and finally audits PostgreSQL for oversold seats (<see cref="RushOversellAudit"/>).
/// One generator process holds at most ~19,800 sockets (file descriptors), so the users are split over
/// <c>--shards</c> child processes (<see cref="RushShard"/>), shard k connecting to the k-th of <c>--edges</c>.
/// Usage: rush --url http://127.0.0.1:3001 [--edges http://127.0.0.1:3101,http://127.0.0.1:3102] [--users 20000]
///             [--shards 2] [--capacity 500] [--rate 200] [--buy true|false] [--poll-seconds 15] [--tokens rush-tokens.txt]
///             [--database-url postgres://… (default $DATABASE_URL)] [--concurrency 200] [--connections 400]
///             [--admin-email admin@tiketi.gg --admin-password admin123] [--max-seconds 900] [--server-pids P1,P2 (edge CPU)]
/// The server needs TIKETI_RATE_LIMITS=off (registrations, thousands of requests per address). Registered users'
/// tokens are kept in <c>--tokens</c> for later runs (they live 7 days).
/// </summary>
public static class RushScenario
{
    /// <summary>Runs the coordinator (or, with <c>--shard</c>, one generator shard); returns the process exit code.</summary>
    public static async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var options = new BenchArguments(args);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        stop.CancelAfter(TimeSpan.FromSeconds(options.Double("max-seconds", 900)));
        if (options.OptionalString("shard") is not null)
        {
            return await RushShard.RunAsync(options, stop.Token);
        }

        return await CoordinateAsync(options, stop.Token);
    }

    private static async Task<int> CoordinateAsync(BenchArguments options, CancellationToken ct)
    {
        var url = $"http://{options.Server()}";
        var edges = options.String("edges", url).Split(',', StringSplitOptions.RemoveEmptyEntries);
        var userCount = options.Int("users", 20_000);
        var shards = options.Int("shards", Math.Max(edges.Length, (userCount + 9_499) / 9_500));
        var capacity = options.Int("capacity", 500);
        var rate = options.Int("rate", 200);
        var buy = options.String("buy", "true") != "false";
        var pollSeconds = options.Double("poll-seconds", 15);
        var tokensPath = Path.GetFullPath(options.String("tokens", "rush-tokens.txt"));
        var databaseUrl = options.OptionalString("database-url") ?? Environment.GetEnvironmentVariable("DATABASE_URL");
        var concurrency = options.Int("concurrency", 200);
        var connections = options.Int("connections", 400);
        var adminEmail = options.String("admin-email", "admin@tiketi.gg");
        var adminPassword = options.String("admin-password", "admin123");
        var maxSeconds = options.Double("max-seconds", 900);
        var serverPids = options.String("server-pids", "").Split(',', StringSplitOptions.RemoveEmptyEntries).Select(p => int.Parse(p, CultureInfo.InvariantCulture)).ToArray();
        options.RejectUnknown();
        if ((userCount / shards) + connections + 300 > 19_800)
        {
            throw new ArgumentException($"{userCount / shards} sockets per shard + {connections} HTTP connections exceed the ~19,800 file descriptors of one process: raise --shards");
        }

        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = 32, PooledConnectionLifetime = TimeSpan.FromMinutes(30) };
        using var http = new HttpClient(handler) { BaseAddress = new Uri(url), Timeout = TimeSpan.FromMinutes(2) };
        var setup = new HoldsScenarioSetup(http);
        var admin = await setup.LoginAsync(adminEmail, adminPassword, ct);
        var known = File.Exists(tokensPath) ? (await File.ReadAllLinesAsync(tokensPath, ct)).Where(l => l.Length > 0).ToArray() : [];
        if (known.Length < userCount)
        {
            Console.WriteLine($"rush: registering {userCount - known.Length} users (not measured; kept in {tokensPath})");
            var added = await setup.RegisterBuyersAsync(userCount - known.Length, Environment.ProcessorCount * 8, ct);
            await File.WriteAllLinesAsync(tokensPath, [.. known, .. added], ct);
        }

        var eventId = await setup.CreateEventAsync(admin, 4900, 0, ct);
        await PutQueueSettingsAsync(http, admin, eventId, capacity, rate, ct);
        var seats = await setup.SeatsAsync(eventId, ct);
        var work = Directory.CreateTempSubdirectory("tiketi-rush-");
        var seatsPath = Path.Combine(work.FullName, "seats.txt");
        await File.WriteAllLinesAsync(seatsPath, seats.Select(s => s.ToString()), ct);
        Console.WriteLine($"rush: {userCount} users over {shards} generator processes ({string.Join(", ", edges)}), event {eventId} ({seats.Length} seats), " +
            $"capacity {capacity}, {rate} admissions/s; {(buy ? "admitted users hold a seat, pay and leave" : "admitted users leave at once")}");

        var children = new List<RushShardProcess>();
        try
        {
            for (var k = 0; k < shards; k++)
            {
                var resultPath = Path.Combine(work.FullName, $"shard-{k}.json");
                children.Add(RushShardProcess.Start(k, resultPath,
                [
                    "rush", "--shard", $"{k}/{shards}", "--url", edges[k % edges.Length], "--event", eventId.ToString(), "--tokens", tokensPath,
                    "--users", userCount.ToString(CultureInfo.InvariantCulture), "--seats", seatsPath, "--result", resultPath,
                    "--concurrency", concurrency.ToString(CultureInfo.InvariantCulture), "--connections", connections.ToString(CultureInfo.InvariantCulture),
                    "--poll-seconds", pollSeconds.ToString(CultureInfo.InvariantCulture), "--buy", buy ? "true" : "false",
                    "--max-seconds", maxSeconds.ToString(CultureInfo.InvariantCulture),
                ]));
            }

            var clock = Stopwatch.StartNew();
            await Task.WhenAll(children.Select(c => c.Ready.WaitAsync(ct)));
            Console.WriteLine($"rush: sockets connected and in the waiting room after {clock.Elapsed.TotalSeconds:F1} s; every user arrives now");

            using var sampling = CancellationTokenSource.CreateLinkedTokenSource(ct);
            var samples = new List<RushQueueSample>();
            var sampler = SampleQueueAsync(http, admin, eventId, samples, sampling.Token);
            var cpuBefore = serverPids.Select(p => ProcessSample.TryRead(p)).ToArray();
            foreach (var child in children)
            {
                await child.GoAsync();
            }
            var exitCodes = await Task.WhenAll(children.Select(c => c.ExitAsync(ct)));
            var cpuAfter = serverPids.Select(p => ProcessSample.TryRead(p)).ToArray();
            await sampling.CancelAsync();
            await sampler;

            var results = children.Select(c => c.Result()).OfType<RushShardResult>().ToList();
            if (results.Count < shards)
            {
                Console.WriteLine($"rush: {shards - results.Count} shard(s) produced no result (exit codes {string.Join(", ", exitCodes)})");
                return 1;
            }

            var report = new RushReport(results, samples, capacity, rate, buy);
            report.Print();
            PrintServerCpu(serverPids, cpuBefore, cpuAfter, userCount);
            var audit = databaseUrl is null ? null : await RushOversellAudit.RunAsync(databaseUrl, eventId, report.Paid, ct);
            Console.WriteLine(audit is null ? "audit           SKIPPED: no --database-url / DATABASE_URL" : audit.ToString());
            return report.Healthy && audit is { Clean: true } ? 0 : 1;
        }
        finally
        {
            foreach (var child in children)
            {
                child.Dispose();
            }
        }
    }

    // CPU of the edges (--server-pids) from the arrival to the last user's leave: comparable across noisy runs.
    private static void PrintServerCpu(int[] pids, ProcessSample?[] before, ProcessSample?[] after, int users)
    {
        if (pids.Length == 0)
        {
            Console.WriteLine("server CPU      not measured (--server-pids P1,P2)");
            return;
        }
        var cpu = TimeSpan.Zero;
        var wall = TimeSpan.Zero;
        for (var i = 0; i < pids.Length; i++)
        {
            if (before[i] is not { } b || after[i] is not { } a)
            {
                Console.WriteLine($"server CPU      not measured (pid {pids[i]} unreadable)");
                return;
            }
            cpu += a.CpuTime - b.CpuTime;
            wall = a.TakenAt - b.TakenAt;
        }
        Console.WriteLine($"server CPU      {cpu.TotalSeconds:F1} s over {wall.TotalSeconds:F1} s ({100 * cpu.TotalSeconds / wall.TotalSeconds:F0} % of one core, {pids.Length} edges) = " +
            $"{cpu.TotalMilliseconds / users:F2} ms per user from arrival to leave");
    }

    private static async Task PutQueueSettingsAsync(HttpClient http, string admin, Guid eventId, int capacity, int rate, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, $"/api/admin/events/{eventId}/queue")
        {
            Content = JsonContent.Create(new { capacity, admissionRatePerSecond = rate, enabled = true, paused = false }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", admin);
        using var response = await http.SendAsync(request, ct);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"queue settings failed: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(ct)}");
        }
    }

    // The server's own figures (GET /api/admin/events/:id/queue) every 500 ms: active must never exceed capacity.
    private static async Task SampleQueueAsync(HttpClient http, string admin, Guid eventId, List<RushQueueSample> samples, CancellationToken ct)
    {
        try
        {
            while (true)
            {
                await Task.Delay(500, ct);
                using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/admin/events/{eventId}/queue");
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", admin);
                using var response = await http.SendAsync(request, ct);
                if (!response.IsSuccessStatusCode)
                {
                    continue;
                }
                var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct)).RootElement;
                samples.Add(new RushQueueSample(DateTime.UtcNow.Ticks, body.GetProperty("waiting").GetInt64(), body.GetProperty("active").GetInt64(),
                    body.GetProperty("admittedPerSecond").GetDouble()));
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Done.
        }
        catch (HttpRequestException)
        {
            // The figures are informative; the run goes on without them.
        }
    }
}
