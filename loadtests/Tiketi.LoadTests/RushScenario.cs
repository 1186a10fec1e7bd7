using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Tiketi.LoadTests;

/// <summary>
/// The on-sale rush against a running server (REST only, as the unchanged client's waiting-room modal behaves):
/// N users arrive at once on one ticket event whose queue has capacity C and admits R users/s. Each user checks in
/// (<c>POST /api/queue/check</c>), polls <c>GET /api/api/queue/status</c> until admitted, then buys one ticket, pays,
/// and leaves the queue (freeing the slot). Reports check throughput and latency, admitted/s (observed by the users
/// and measured by the server) against the configured rate, purchases, errors, and verifies the stock arithmetic
/// (sold + available = total) afterwards.
/// Usage: rush --url http://127.0.0.1:3001 [--users 20000] [--capacity 500] [--rate 200] [--poll-ms 1000]
///             [--connections 1000] [--tokens rush-tokens.txt] [--admin-email admin@tiketi.gg --admin-password admin123]
///             [--event &lt;id of an existing on-sale ticket event with enough stock&gt;] (default: create one via the admin API)
/// Registering users is slow (password hashing) and not measured; <c>--tokens</c> keeps them for later runs
/// (tokens live 7 days).
/// </summary>
public static class RushScenario
{
    /// <summary>Runs the scenario; returns the process exit code (0 when nothing failed and the stock adds up).</summary>
    public static async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var options = ParseOptions(args);
        var url = options.GetValueOrDefault("url", "http://127.0.0.1:3001");
        var userCount = Int(options, "users", 20_000);
        var capacity = Int(options, "capacity", 500);
        var rate = Int(options, "rate", 200);
        var poll = TimeSpan.FromMilliseconds(Int(options, "poll-ms", 1000));

        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = Int(options, "connections", 1000), PooledConnectionLifetime = TimeSpan.FromMinutes(30) };
        using var http = new HttpClient(handler) { BaseAddress = new Uri(url), Timeout = TimeSpan.FromMinutes(2) };
        var admin = await LoginAsync(http, options.GetValueOrDefault("admin-email", "admin@tiketi.gg"), options.GetValueOrDefault("admin-password", "admin123"), cancellationToken);
        var tokens = await TokensAsync(http, userCount, options.GetValueOrDefault("tokens", "rush-tokens.txt"), cancellationToken);
        var (eventId, ticketTypeId, stock) = options.TryGetValue("event", out var existing)
            ? await TicketTypeAsync(http, Guid.Parse(existing), cancellationToken)
            : await CreateEventAsync(http, admin, userCount + 1000, cancellationToken);
        await SendAsync(http, HttpMethod.Put, $"/api/admin/events/{eventId}/queue", admin,
            $$"""{"capacity":{{capacity}},"admissionRatePerSecond":{{rate}},"enabled":true,"paused":false}""", cancellationToken);
        Console.WriteLine($"rush: {userCount} users on event {eventId}, capacity {capacity}, {rate} admissions/s configured, polling every {poll.TotalMilliseconds} ms");

        var run = new RushRun();
        var serverRates = new List<double>();
        using var sampling = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var sampler = SampleServerRateAsync(http, admin, eventId, serverRates, sampling.Token);
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(tokens.Select(token => BuyerAsync(http, token, eventId, ticketTypeId, poll, run, clock, cancellationToken)));
        var total = clock.Elapsed;
        await sampling.CancelAsync();
        await sampler;

        var detail = await SendAsync(http, HttpMethod.Get, $"/api/events/{eventId}", null, null, cancellationToken);
        var available = detail.GetProperty("ticketTypes")[0].GetProperty("available_quantity").GetInt32();
        var stockAddsUp = available + run.Purchased == stock; // a fresh event: nothing else sold from it

        var checkSeconds = run.LastCheckDone.TotalSeconds;
        Console.WriteLine($"checks          {userCount / checkSeconds,12:F0} checks/s   ({userCount} arrivals in {checkSeconds:F2} s; {run.QueuedOnArrival} queued, {userCount - run.QueuedOnArrival} admitted at once)");
        Console.WriteLine($"check requests  p50 {Percentile(run.CheckLatencies, 50),8:F1} ms   p99 {Percentile(run.CheckLatencies, 99),8:F1} ms");
        var admittedFromQueue = run.AdmittedAt.Count;
        var drain = admittedFromQueue > 1 ? run.AdmittedAt.Max() - run.AdmittedAt.Min() : 0;
        Console.WriteLine($"admissions      {(drain > 0 ? admittedFromQueue / drain : 0),12:F1} admitted/s observed   ({admittedFromQueue} from the queue over {drain:F1} s; configured {rate}/s; capacity {capacity})");
        Console.WriteLine($"server measured {(serverRates.Count > 0 ? serverRates.Max() : 0),12:F1} admitted/s peak   (median {Percentile(serverRates, 50):F1}/s over {serverRates.Count} samples)");
        Console.WriteLine($"status polls    {run.Polls,12} requests   (p99 {Percentile(run.PollLatencies, 99):F1} ms)");
        Console.WriteLine($"purchases       {run.Purchased,12} paid      ({run.Failures} failures, {total.TotalSeconds:F1} s end to end)");
        Console.WriteLine($"stock           {(stockAddsUp ? "consistent" : "INCONSISTENT")}: {available} available + {run.Purchased} sold = {available + run.Purchased} of {stock}");
        return run.Failures == 0 && stockAddsUp ? 0 : 1;
    }

    private static async Task BuyerAsync(HttpClient http, string token, Guid eventId, Guid ticketTypeId, TimeSpan poll, RushRun run, Stopwatch clock, CancellationToken cancellationToken)
    {
        try
        {
            var started = clock.Elapsed;
            var check = await SendAsync(http, HttpMethod.Post, $"/api/queue/check/{eventId}", token, "{}", cancellationToken);
            run.CheckLatencies.Add((clock.Elapsed - started).TotalMilliseconds);
            run.CheckDone(clock.Elapsed);
            if (check.GetProperty("queued").GetBoolean())
            {
                Interlocked.Increment(ref run.QueuedOnArrival);
                while (true)
                {
                    await Task.Delay(poll, cancellationToken);
                    var polled = clock.Elapsed;
                    var status = await SendAsync(http, HttpMethod.Get, $"/api/api/queue/status/{eventId}", token, null, cancellationToken);
                    run.PollLatencies.Add((clock.Elapsed - polled).TotalMilliseconds);
                    Interlocked.Increment(ref run.Polls);
                    if (!status.GetProperty("queued").GetBoolean())
                    {
                        run.AdmittedAt.Add(clock.Elapsed.TotalSeconds);
                        break;
                    }
                }
            }

            var purchase = await SendAsync(http, HttpMethod.Post, "/api/reservations", token,
                $$"""{"eventId":"{{eventId}}","items":[{"ticketTypeId":"{{ticketTypeId}}","quantity":1}]}""", cancellationToken);
            var reservationId = purchase.GetProperty("reservation").GetProperty("id").GetString();
            await SendAsync(http, HttpMethod.Post, "/api/payments/process", token, $$"""{"reservationId":"{{reservationId}}","paymentMethod":"kakao_pay"}""", cancellationToken);
            Interlocked.Increment(ref run.Purchased);
            await SendAsync(http, HttpMethod.Post, $"/api/api/queue/leave/{eventId}", token, "{}", cancellationToken);
        }
        catch (Exception e) when (e is HttpRequestException or InvalidOperationException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            if (Interlocked.Increment(ref run.Failures) <= 5)
            {
                Console.Error.WriteLine($"rush: buyer failed: {e.Message}");
            }
        }
    }

    // The server's own measured admission rate (GET /api/admin/events/:id/queue), once a second.
    private static async Task SampleServerRateAsync(HttpClient http, string admin, Guid eventId, List<double> rates, CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
                var figures = await SendAsync(http, HttpMethod.Get, $"/api/admin/events/{eventId}/queue", admin, null, cancellationToken);
                var measured = figures.GetProperty("admittedPerSecond").GetDouble();
                if (measured > 0)
                {
                    rates.Add(measured);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Done.
        }
    }

    private static async Task<string> LoginAsync(HttpClient http, string email, string password, CancellationToken cancellationToken)
    {
        var body = await SendAsync(http, HttpMethod.Post, "/api/auth/login", null, JsonSerializer.Serialize(new { email, password }), cancellationToken);
        return body.GetProperty("token").GetString()!;
    }

    // Registered buyers' tokens, reused from the file when it holds enough; the rest are registered (8 at a time).
    private static async Task<string[]> TokensAsync(HttpClient http, int count, string path, CancellationToken cancellationToken)
    {
        var known = File.Exists(path) ? await File.ReadAllLinesAsync(path, cancellationToken) : [];
        if (known.Length >= count)
        {
            return known[..count];
        }

        Console.WriteLine($"rush: registering {count - known.Length} users (not measured)");
        var tokens = new string[count];
        known.CopyTo(tokens, 0);
        var run = Guid.NewGuid().ToString("N")[..8];
        await Parallel.ForAsync(known.Length, count, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken }, async (i, ct) =>
        {
            var body = await SendAsync(http, HttpMethod.Post, "/api/auth/register", null,
                JsonSerializer.Serialize(new { email = $"rush{i}.{run}@bench.tiketi", password = "bench-password", name = $"rush {i}", phone = "" }), ct);
            tokens[i] = body.GetProperty("token").GetString()!;
        });
        await File.WriteAllLinesAsync(path, tokens, cancellationToken);
        return tokens;
    }

    private static async Task<(Guid EventId, Guid TicketTypeId, int Stock)> CreateEventAsync(HttpClient http, string admin, int stock, CancellationToken cancellationToken)
    {
        var seoul = DateTime.UtcNow.AddHours(9);
        var payload = JsonSerializer.Serialize(new
        {
            title = $"rush bench {Guid.NewGuid():N}",
            description = "benchmark",
            venue = "bench arena",
            address = "bench",
            eventDate = Naive(seoul.AddDays(30)),
            saleStartDate = Naive(seoul.AddHours(-1)),
            saleEndDate = Naive(seoul.AddDays(1)),
            posterImageUrl = "",
            artistName = "",
            seatLayoutId = (string?)null,
            ticketTypes = new[] { new { name = "일반석", price = "50000", totalQuantity = stock.ToString(CultureInfo.InvariantCulture), description = "" } },
        });
        var created = await SendAsync(http, HttpMethod.Post, "/api/admin/events", admin, payload, cancellationToken);
        return await TicketTypeAsync(http, Guid.Parse(created.GetProperty("event").GetProperty("id").GetString()!), cancellationToken);
    }

    private static async Task<(Guid EventId, Guid TicketTypeId, int Stock)> TicketTypeAsync(HttpClient http, Guid eventId, CancellationToken cancellationToken)
    {
        var detail = await SendAsync(http, HttpMethod.Get, $"/api/events/{eventId}", null, null, cancellationToken);
        var ticketType = detail.GetProperty("ticketTypes")[0];
        return (eventId, Guid.Parse(ticketType.GetProperty("id").GetString()!), ticketType.GetProperty("total_quantity").GetInt32());
    }

    private static async Task<JsonElement> SendAsync(HttpClient http, HttpMethod method, string path, string? token, string? json, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        using var response = await http.SendAsync(request, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{method} {path}: {(int)response.StatusCode} {text}");
        }

        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private static string Naive(DateTime seoulWallClock) => seoulWallClock.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture);

    private static double Percentile(IEnumerable<double> values, double percentile)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(percentile / 100 * sorted.Length) - 1)];
    }

    private static int Int(Dictionary<string, string> options, string name, int fallback) =>
        options.TryGetValue(name, out var value) ? int.Parse(value, CultureInfo.InvariantCulture) : fallback;

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

    // Shared counters of one run (updated by thousands of concurrent buyers).
    private sealed class RushRun
    {
        public long QueuedOnArrival;
        public long Polls;
        public long Purchased;
        public long Failures;
        private long _lastCheckTicks;

        public ConcurrentBag<double> CheckLatencies { get; } = [];

        public ConcurrentBag<double> PollLatencies { get; } = [];

        public ConcurrentBag<double> AdmittedAt { get; } = [];

        public TimeSpan LastCheckDone => TimeSpan.FromTicks(Interlocked.Read(ref _lastCheckTicks));

        public void CheckDone(TimeSpan at)
        {
            long seen;
            while ((seen = Interlocked.Read(ref _lastCheckTicks)) < at.Ticks && Interlocked.CompareExchange(ref _lastCheckTicks, at.Ticks, seen) != seen)
            {
            }
        }
    }
}
