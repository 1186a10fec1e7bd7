using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;

namespace Tiketi.LoadTests;

/// <summary>
/// One generator process of the rush (<c>rush --shard k/n</c>, started by <see cref="RushScenario"/>): takes every
/// n-th token from k, opens one authenticated Socket.IO socket per user against its edge and joins the event's waiting
/// room (<c>join-queue</c>, acknowledged), prints <c>READY</c>, waits for <c>GO</c> on stdin, then every user arrives
/// at once (<c>POST /api/queue/check</c>), waits for its <c>queue-entry-allowed</c> (a slow status poll is only a
/// safety net), holds one seat, pays and leaves the queue. Writes a <see cref="RushShardResult"/> as JSON.
/// </summary>
internal static class RushShard
{
    private const int SeatAttempts = 12;

    public static async Task<int> RunAsync(BenchArguments options, CancellationToken cancellationToken)
    {
        var shardText = options.String("shard", "0/1").Split('/');
        var shard = int.Parse(shardText[0], System.Globalization.CultureInfo.InvariantCulture);
        var shards = int.Parse(shardText[1], System.Globalization.CultureInfo.InvariantCulture);
        var server = options.Server();
        var eventId = Guid.Parse(options.String("event", ""));
        var allTokens = await File.ReadAllLinesAsync(options.String("tokens", "rush-tokens.txt"), cancellationToken);
        var userCount = options.Int("users", allTokens.Length);
        var seats = (await File.ReadAllLinesAsync(options.String("seats", "rush-seats.txt"), cancellationToken)).Where(l => l.Length > 0).Select(Guid.Parse).ToArray();
        var resultPath = options.String("result", $"rush-shard-{shard}.json");
        var concurrency = options.Int("concurrency", 200);
        var poll = TimeSpan.FromSeconds(options.Double("poll-seconds", 15));
        var buy = options.String("buy", "true") != "false";
        var connections = options.Int("connections", 400);
        options.RejectUnknown();

        var tokens = Enumerable.Range(0, Math.Min(userCount, allTokens.Length)).Where(i => i % shards == shard).Select(i => allTokens[i]).ToArray();
        var result = new RushShardResult { Shard = shard, Users = tokens.Length };
        var watch = new RushQueueWatch(tokens.Length);
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = connections, PooledConnectionLifetime = TimeSpan.FromMinutes(30) };
        using var http = new HttpClient(handler) { BaseAddress = new Uri($"http://{server}"), Timeout = TimeSpan.FromMinutes(2) };

        var connectPackets = tokens.Select(t => Encoding.UTF8.GetBytes($"40{{\"token\":\"{t}\"}}")).ToArray();
        using var fleet = new ClientFleet(server, watch, tokens.Length, null, i => connectPackets[i]);
        await fleet.OpenAsync(tokens.Length, concurrency, TimeSpan.FromSeconds(60), null, cancellationToken);
        var connected = fleet.Connected;
        result.Connected = connected.Count;
        var join = $"[\"join-queue\",{{\"eventId\":\"{eventId}\"}}]";
        var joined = 0;
        var inRoom = new bool[tokens.Length];
        await Parallel.ForEachAsync(connected, new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = cancellationToken }, async (client, ct) =>
        {
            try
            {
                var ack = await client.EmitWithAckAsync(join, ct).WaitAsync(TimeSpan.FromSeconds(30), ct);
                if (ack.Contains("\"ok\":true", StringComparison.Ordinal))
                {
                    inRoom[client.Id] = true;
                    Interlocked.Increment(ref joined);
                }
            }
            catch (Exception e) when (e is IOException or TimeoutException)
            {
                // Counted as not joined.
            }
        });
        result.Joined = joined;
        Console.WriteLine($"READY {connected.Count} {joined}{(fleet.FirstFailure is null ? "" : " first connect failure: " + fleet.FirstFailure)}");
        if (await Console.In.ReadLineAsync(cancellationToken) != "GO")
        {
            return 2;
        }

        var pool = new SeatPool(seats, shard);
        var failures = new ConcurrentQueue<string>();
        var holdLatency = new ConcurrentBag<double>();
        var payLatency = new ConcurrentBag<double>();
        var timeline = new RushUser[tokens.Length];
        long polls = 0, paid = 0;
        await Task.WhenAll(Enumerable.Range(0, tokens.Length).Select(i => Task.Run(async () =>
        {
            var user = timeline[i] = new RushUser();
            try
            {
                user.CheckSentTicks = watch.Now();
                var check = await SendAsync(http, HttpMethod.Post, $"/api/queue/check/{eventId}", tokens[i], "{}", cancellationToken);
                user.CheckDoneTicks = watch.Now();
                user.Queued = check.Body.GetProperty("queued").GetBoolean();
                if (!user.Queued)
                {
                    (user.AdmittedTicks, user.AdmittedBy) = (user.CheckDoneTicks, "arrival");
                }
                else
                {
                    var admitted = watch.AdmittedAsync(i);
                    while (!admitted.IsCompleted)
                    {
                        if (await Task.WhenAny(admitted, Task.Delay(poll, cancellationToken)) == admitted)
                        {
                            break;
                        }
                        Interlocked.Increment(ref polls);
                        var status = await SendAsync(http, HttpMethod.Get, $"/api/api/queue/status/{eventId}", tokens[i], null, cancellationToken);
                        if (!status.Body.GetProperty("queued").GetBoolean() && !admitted.IsCompleted)
                        {
                            (user.AdmittedTicks, user.AdmittedBy) = (watch.Now(), "poll");
                            break;
                        }
                    }
                    if (user.AdmittedTicks == 0)
                    {
                        (user.AdmittedTicks, user.AdmittedBy) = (await admitted, "socket");
                    }
                }

                user.Outcome = buy ? await BuyAsync(http, tokens[i], eventId, pool, watch, holdLatency, payLatency, cancellationToken) : "left";
                if (user.Outcome == "paid")
                {
                    Interlocked.Increment(ref paid);
                }
                await SendAsync(http, HttpMethod.Post, $"/api/api/queue/leave/{eventId}", tokens[i], "{}", cancellationToken);
                user.LeftTicks = watch.Now();
            }
            catch (Exception e) when (e is HttpRequestException or InvalidOperationException or TaskCanceledException or IOException or KeyNotFoundException or JsonException
                && !cancellationToken.IsCancellationRequested)
            {
                user.Outcome = e is RefusedException ? "refused" : "failed";
                if (failures.Count < 5)
                {
                    failures.Enqueue(e.Message);
                }
                await LeaveQuietlyAsync(http, tokens[i], eventId, cancellationToken); // never keep a slot busy for the active TTL
            }
        }, CancellationToken.None)));

        result.Polls = polls;
        result.Holds = pool.Holds;
        result.HoldConflicts = pool.Conflicts;
        result.Paid = paid;
        result.FailureSamples = [.. failures];
        result.HoldLatencyMs = [.. holdLatency];
        result.PaymentLatencyMs = [.. payLatency];
        result.Timeline = [.. timeline];
        result.SocketsClosed = watch.Closed;
        result.FirstClose = watch.FirstCloseReason;
        result.Waves = [.. watch.Waves];
        result.PositionedDeliveries = watch.PositionedDeliveries;
        foreach (var wave in result.Waves.Where(w => w.Number < RushQueueWatch.MaxWaves))
        {
            // A socket had to read the wave if its user was queued and still waiting once the wave had reached the shard.
            for (var i = 0; i < timeline.Length; i++)
            {
                var user = timeline[i];
                if (inRoom[i] && user.Queued && user.CheckDoneTicks < wave.FirstTicks && (user.AdmittedTicks == 0 || user.AdmittedTicks > wave.LastTicks))
                {
                    wave.WaitingSockets++;
                    wave.WaitingReceived += watch.Received(i, wave.Number) ? 1 : 0;
                }
            }
        }

        await File.WriteAllTextAsync(resultPath, JsonSerializer.Serialize(result, RushJsonContext.Default.RushShardResult), cancellationToken);
        Console.WriteLine("DONE");
        return 0;
    }

    /// <summary>Holds a seat (retrying others on conflicts) and pays for it; returns the outcome.</summary>
    private static async Task<string> BuyAsync(HttpClient http, string token, Guid eventId, SeatPool pool, RushQueueWatch watch,
        ConcurrentBag<double> holdLatency, ConcurrentBag<double> payLatency, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < SeatAttempts; attempt++)
        {
            if (pool.Next() is not { } seat)
            {
                return "sold-out";
            }
            var sent = watch.Now();
            var hold = await SendAsync(http, HttpMethod.Post, "/api/seats/reserve", token, $"{{\"eventId\":\"{eventId}\",\"seatIds\":[\"{seat}\"]}}", cancellationToken, allowConflict: true);
            holdLatency.Add(TimeSpan.FromTicks(watch.Now() - sent).TotalMilliseconds);
            pool.Taken(seat, conflict: hold.Status != HttpStatusCode.Created);
            if (hold.Status != HttpStatusCode.Created)
            {
                continue;
            }
            var reservationId = hold.Body.GetProperty("reservation").GetProperty("id").GetString();
            sent = watch.Now();
            await SendAsync(http, HttpMethod.Post, "/api/payments/process", token, $"{{\"reservationId\":\"{reservationId}\",\"paymentMethod\":\"kakao_pay\"}}", cancellationToken);
            payLatency.Add(TimeSpan.FromTicks(watch.Now() - sent).TotalMilliseconds);
            return "paid";
        }
        return "sold-out";
    }

    private static async Task LeaveQuietlyAsync(HttpClient http, string token, Guid eventId, CancellationToken cancellationToken)
    {
        try
        {
            await SendAsync(http, HttpMethod.Post, $"/api/api/queue/leave/{eventId}", token, "{}", cancellationToken);
        }
        catch (Exception e) when (e is HttpRequestException or InvalidOperationException or TaskCanceledException)
        {
            // Best effort: the slot then expires with the active TTL.
        }
    }

    private static async Task<(HttpStatusCode Status, JsonElement Body)> SendAsync(HttpClient http, HttpMethod method, string path, string token, string? json,
        CancellationToken cancellationToken, bool allowConflict = false)
    {
        var (status, text) = await BenchHttp.SendAsync(http, method, path, token, json, cancellationToken);
        if (status == HttpStatusCode.Forbidden)
        {
            throw new RefusedException($"{method} {path}: 403 {text}");
        }
        if ((int)status is < 200 or > 299 && !(allowConflict && status is HttpStatusCode.BadRequest or HttpStatusCode.Conflict))
        {
            throw new InvalidOperationException($"{method} {path}: {(int)status} {text}");
        }
        return (status, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    /// <summary>A 403 from the waiting-room gate: an admitted user was refused.</summary>
    private sealed class RefusedException(string message) : InvalidOperationException(message);

    /// <summary>
    /// This shard's view of the seat map: seats not yet known to be taken, picked at random. Other shards pick from the
    /// same seats, so conflicts between shards are real contention the server must resolve.
    /// </summary>
    private sealed class SeatPool(Guid[] seats, int seed)
    {
        private readonly List<Guid> _open = [.. seats];
        private readonly Random _random = new(seed + 1);
        private long _conflicts;
        private long _holds;

        public long Conflicts => Interlocked.Read(ref _conflicts);

        public long Holds => Interlocked.Read(ref _holds);

        public Guid? Next()
        {
            lock (_open)
            {
                return _open.Count == 0 ? null : _open[_random.Next(_open.Count)];
            }
        }

        public void Taken(Guid seat, bool conflict)
        {
            Interlocked.Increment(ref conflict ? ref _conflicts : ref _holds);
            lock (_open)
            {
                var at = _open.IndexOf(seat);
                if (at >= 0)
                {
                    _open[at] = _open[^1];
                    _open.RemoveAt(_open.Count - 1);
                }
            }
        }
    }
}
