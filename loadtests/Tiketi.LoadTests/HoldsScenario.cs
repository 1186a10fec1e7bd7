using System.Diagnostics;
using System.Globalization;
using System.Net;

namespace Tiketi.LoadTests;

/// <summary>
/// Write-side benchmark against a running server (REST only): N concurrent buyers each hold one seat of the
/// 4,900-seat event (retrying another random seat on 409), then cancel, for several rounds → holds/s and hold
/// latency p50/p99; then the same buyers buy 1 ticket of one ticket type in a loop → purchases/s, p50/p99.
/// Usage: holds --url http://127.0.0.1:3001 [--buyers 1000] [--rounds 3] [--purchase-seconds 10]
///              [--admin-email admin@tiketi.gg --admin-password admin123] [--seats 4900]
///              [--seat-event-id ID --ticket-event-id ID --ticket-type-id ID [--seats-file FILE]]
/// Without the --*-id options it creates both events through the admin API (needs the demo layouts); the server
/// needs a hold limit of 1 seat per user and auth rate limits off (TIKETI_RATE_LIMITS=off) for the registrations.
/// </summary>
public static class HoldsScenario
{
    /// <summary>Runs the scenario; returns the process exit code.</summary>
    public static async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var options = ParseOptions(args);
        var url = options.GetValueOrDefault("url", "http://127.0.0.1:3001");
        var buyers = int.Parse(options.GetValueOrDefault("buyers", "1000"), CultureInfo.InvariantCulture);
        var rounds = int.Parse(options.GetValueOrDefault("rounds", "3"), CultureInfo.InvariantCulture);
        var purchaseSeconds = double.Parse(options.GetValueOrDefault("purchase-seconds", "10"), CultureInfo.InvariantCulture);
        var seatCount = int.Parse(options.GetValueOrDefault("seats", "4900"), CultureInfo.InvariantCulture);

        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = buyers, PooledConnectionLifetime = TimeSpan.FromMinutes(10) };
        using var http = new HttpClient(handler) { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(60) };
        var setup = new HoldsScenarioSetup(http);
        Console.WriteLine($"holds: preparing {buyers} buyers against {url}");
        Guid seatEvent, ticketEvent, ticketType;
        Guid[] seats;
        if (options.TryGetValue("seat-event-id", out var givenSeatEvent))
        {
            // Prepared outside (e.g. with SQL): no admin API needed.
            seatEvent = Guid.Parse(givenSeatEvent);
            ticketEvent = Guid.Parse(options["ticket-event-id"]);
            ticketType = Guid.Parse(options["ticket-type-id"]);
            seats = options.TryGetValue("seats-file", out var file)
                ? [.. (await File.ReadAllLinesAsync(file, cancellationToken)).Where(l => l.Length > 0).Select(Guid.Parse)]
                : await setup.SeatsAsync(seatEvent, cancellationToken);
        }
        else
        {
            var admin = await setup.LoginAsync(options.GetValueOrDefault("admin-email", "admin@tiketi.gg"), options.GetValueOrDefault("admin-password", "admin123"), cancellationToken);
            seatEvent = await setup.CreateEventAsync(admin, seatCount, 0, cancellationToken);
            ticketEvent = await setup.CreateEventAsync(admin, null, 1_000_000, cancellationToken);
            await setup.DisableQueueAsync(admin, seatEvent, cancellationToken);
            await setup.DisableQueueAsync(admin, ticketEvent, cancellationToken);
            seats = await setup.SeatsAsync(seatEvent, cancellationToken);
            ticketType = await setup.TicketTypeAsync(ticketEvent, cancellationToken);
        }

        var tokens = await setup.RegisterBuyersAsync(buyers, Environment.ProcessorCount * 4, cancellationToken);

        var holdLatencies = new List<double>();
        long holds = 0, conflicts = 0, failures = 0;
        var holdTime = TimeSpan.Zero;
        for (var round = 0; round < rounds; round++)
        {
            var result = await HoldRoundAsync(http, tokens, seatEvent, seats, cancellationToken);
            holdLatencies.AddRange(result.Latencies);
            holds += result.Holds;
            conflicts += result.Conflicts;
            failures += result.Failures;
            holdTime += result.Elapsed;
            await CancelAllAsync(http, tokens, result.Reservations, cancellationToken);
        }

        var purchase = await PurchaseLoopAsync(http, tokens, ticketEvent, ticketType, TimeSpan.FromSeconds(purchaseSeconds), cancellationToken);

        Console.WriteLine($"holds           {holds / holdTime.TotalSeconds,12:F0} holds/s   ({holds} holds in {holdTime.TotalSeconds:F2} s, {rounds} rounds x {buyers} buyers)");
        Console.WriteLine($"hold requests   p50 {Percentile(holdLatencies, 50),8:F1} ms   p99 {Percentile(holdLatencies, 99),8:F1} ms   ({holdLatencies.Count} requests, {conflicts} x 409, {failures} other failures)");
        Console.WriteLine($"purchases       {purchase.Succeeded / purchase.Elapsed.TotalSeconds,12:F0} purchases/s   ({purchase.Succeeded} in {purchase.Elapsed.TotalSeconds:F2} s, {purchase.Failures} failures)");
        Console.WriteLine($"purchase reqs   p50 {Percentile(purchase.Latencies, 50),8:F1} ms   p99 {Percentile(purchase.Latencies, 99),8:F1} ms");
        return failures + purchase.Failures == 0 ? 0 : 1;
    }

    private static async Task<HoldRound> HoldRoundAsync(HttpClient http, string[] tokens, Guid eventId, Guid[] seats, CancellationToken cancellationToken)
    {
        var round = new HoldRound(tokens.Length);
        using var gate = new SemaphoreSlim(0);
        var buyers = tokens.Select((token, i) => Task.Run(async () =>
        {
            var random = new Random(i * 7919 + Environment.TickCount);
            await gate.WaitAsync(cancellationToken);
            for (var attempt = 0; attempt < 100; attempt++)
            {
                var seat = seats[random.Next(seats.Length)];
                var body = $"{{\"eventId\":\"{eventId}\",\"seatIds\":[\"{seat}\"]}}";
                var started = Stopwatch.GetTimestamp();
                var (status, text) = await BenchHttp.PostAsync(http, "/api/seats/reserve", token, body, cancellationToken);
                round.Record(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                if (status == HttpStatusCode.Created)
                {
                    var idStart = text.IndexOf("\"id\":\"", StringComparison.Ordinal) + 6;
                    round.Reservations[i] = text.Substring(idStart, 36);
                    Interlocked.Increment(ref round.Holds);
                    return;
                }

                Interlocked.Increment(ref status == HttpStatusCode.Conflict ? ref round.Conflicts : ref round.Failures);
                if (status != HttpStatusCode.Conflict)
                {
                    return;
                }
            }
        }, cancellationToken)).ToArray();
        var clock = Stopwatch.StartNew();
        gate.Release(tokens.Length);
        await Task.WhenAll(buyers);
        round.Elapsed = clock.Elapsed;
        return round;
    }

    private static async Task CancelAllAsync(HttpClient http, string[] tokens, string?[] reservations, CancellationToken cancellationToken)
    {
        await Parallel.ForAsync(0, tokens.Length, new ParallelOptions { MaxDegreeOfParallelism = 64, CancellationToken = cancellationToken }, async (i, ct) =>
        {
            if (reservations[i] is { } id)
            {
                await BenchHttp.PostAsync(http, $"/api/reservations/{id}/cancel", tokens[i], null, ct);
            }
        });
    }

    private static async Task<PurchaseRun> PurchaseLoopAsync(HttpClient http, string[] tokens, Guid eventId, Guid ticketType, TimeSpan duration, CancellationToken cancellationToken)
    {
        var run = new PurchaseRun();
        var body = $"{{\"eventId\":\"{eventId}\",\"items\":[{{\"ticketTypeId\":\"{ticketType}\",\"quantity\":1}}]}}";
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(tokens.Select(token => Task.Run(async () =>
        {
            while (clock.Elapsed < duration && !cancellationToken.IsCancellationRequested)
            {
                var started = Stopwatch.GetTimestamp();
                var (status, _) = await BenchHttp.PostAsync(http, "/api/reservations", token, body, cancellationToken);
                run.Record(Stopwatch.GetElapsedTime(started).TotalMilliseconds, status == HttpStatusCode.Created);
            }
        }, cancellationToken)));
        run.Elapsed = clock.Elapsed;
        return run;
    }

    private static double Percentile(List<double> values, double percentile)
    {
        if (values.Count == 0)
        {
            return 0;
        }

        var sorted = values.ToArray();
        Array.Sort(sorted);
        return sorted[Math.Clamp((int)Math.Ceiling(percentile / 100 * sorted.Length) - 1, 0, sorted.Length - 1)];
    }

    private static Dictionary<string, string> ParseOptions(string[] args)
    {
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal))
            {
                throw new ArgumentException($"expected --name value, got '{args[i]}'");
            }

            options[args[i][2..]] = args[i + 1];
        }

        return options;
    }

    private sealed class HoldRound(int buyers)
    {
        public long Holds;
        public long Conflicts;
        public long Failures;
        private readonly Lock _lock = new();

        public List<double> Latencies { get; } = new(buyers * 2);

        public string?[] Reservations { get; } = new string?[buyers];

        public TimeSpan Elapsed { get; set; }

        public void Record(double milliseconds)
        {
            lock (_lock)
            {
                Latencies.Add(milliseconds);
            }
        }
    }

    private sealed class PurchaseRun
    {
        public long Succeeded;
        public long Failures;
        private readonly Lock _lock = new();

        public List<double> Latencies { get; } = [];

        public TimeSpan Elapsed { get; set; }

        public void Record(double milliseconds, bool succeeded)
        {
            lock (_lock)
            {
                Latencies.Add(milliseconds);
            }

            Interlocked.Increment(ref succeeded ? ref Succeeded : ref Failures);
        }
    }
}
