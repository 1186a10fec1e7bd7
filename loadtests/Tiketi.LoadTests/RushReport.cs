using System.Globalization;
using System.Text.RegularExpressions;

namespace Tiketi.LoadTests;

/// <summary>The rush's figures, merged from every shard, printed one line per figure.</summary>
internal sealed partial class RushReport
{
    private readonly List<RushShardResult> _shards;
    private readonly List<RushQueueSample> _samples;
    private readonly int _capacity;
    private readonly int _rate;
    private readonly bool _buy;
    private readonly List<RushUser> _users;

    public RushReport(List<RushShardResult> shards, List<RushQueueSample> samples, int capacity, int rate, bool buy)
    {
        _shards = shards;
        _samples = samples;
        _capacity = capacity;
        _rate = rate;
        _buy = buy;
        _users = [.. shards.SelectMany(s => s.Timeline)];
        Paid = shards.Sum(s => s.Paid);
    }

    /// <summary>Seats paid for, by the generator's count (the audit compares PostgreSQL with it).</summary>
    public long Paid { get; }

    /// <summary>No failed or refused user, everyone admitted, active never above capacity.</summary>
    public bool Healthy { get; private set; }

    public void Print()
    {
        var users = _users.Count;
        var connected = _shards.Sum(s => s.Connected);
        var joined = _shards.Sum(s => s.Joined);
        Console.WriteLine($"sockets         {connected} connected, {joined} in the waiting room (join-queue acked), {_shards.Sum(s => s.SocketsClosed)} closed during the run" +
            $"{(_shards.FirstOrDefault(s => s.FirstClose is not null)?.FirstClose is { } reason ? " (first: " + reason + ")" : "")}");

        var checked_ = _users.Where(u => u.CheckDoneTicks > 0).ToList();
        var arrivalSpan = checked_.Count == 0 ? 0 : TimeSpan.FromTicks(checked_.Max(u => u.CheckDoneTicks) - _users.Min(u => u.CheckSentTicks)).TotalSeconds;
        var queued = checked_.Count(u => u.Queued);
        Console.WriteLine($"checks          {(arrivalSpan > 0 ? checked_.Count / arrivalSpan : 0),8:F0} checks/s   ({checked_.Count} of {users} arrivals answered in {arrivalSpan:F2} s; {queued} queued, {checked_.Count - queued} admitted on arrival)");
        var checkMs = checked_.Select(u => TimeSpan.FromTicks(u.CheckDoneTicks - u.CheckSentTicks).TotalMilliseconds).ToList();
        Console.WriteLine($"check requests  p50 {Percentile(checkMs, 50),8:F1} ms   p99 {Percentile(checkMs, 99),8:F1} ms   max {Percentile(checkMs, 100),8:F1} ms");

        PrintWaves();

        var admission = new RushAdmissionRate(_users, _capacity, _rate);
        var bySocket = _users.Count(u => u.AdmittedBy == "socket");
        var byPoll = _users.Count(u => u.AdmittedBy == "poll");
        var notAdmitted = _users.Count(u => u.Queued && u.AdmittedTicks == 0);
        Console.WriteLine($"admissions      {admission.Overall,8:F1} admitted/s overall   ({admission.FromQueue} from the queue over {admission.DrainSeconds:F1} s; configured {_rate}/s, capacity {_capacity}; " +
            $"recognised by queue-entry-allowed {bySocket}, by the {_shards.Sum(s => s.Polls)} safety status polls first {byPoll}; never admitted {notAdmitted})");
        Console.WriteLine($"  free slots    {admission.LoopRate,8:F1} admitted/s   over {admission.FreeSeconds} s with free slots: the admission loop's own pace (configured {_rate}/s)");
        Console.WriteLine($"  at capacity   {(admission.FullSeconds == 0 ? 0 : (double)admission.AdmittedWhileFull / admission.FullSeconds),8:F1} admitted/s   over {admission.FullSeconds} s at capacity " +
            $"(buyers leaving {(admission.FullSeconds == 0 ? 0 : (double)admission.LeftWhileFull / admission.FullSeconds):F1}/s: admission follows buyer turnover)");
        var verdict = admission.FreeSeconds < 3 ? "too few seconds with free slots to judge the loop's pace (try --buy false)"
            : admission.LoopRate >= 0.9 * _rate ? "the loop keeps the configured rate; lower observed rates come from capacity"
            : "the admission loop is SLOWER than configured";
        Console.WriteLine($"  verdict       {verdict}");
        var maxActive = _samples.Count == 0 ? 0 : _samples.Max(s => s.Active);
        var measured = _samples.Where(s => s.AdmittedPerSecond > 0).Select(s => s.AdmittedPerSecond).ToList();
        Console.WriteLine($"server figures  active peaked at {maxActive} of capacity {_capacity} over {_samples.Count} samples; measured admission rate median {Percentile(measured, 50):F1}/s, peak {Percentile(measured, 100):F1}/s");

        var failed = _users.Count(u => u.Outcome == "failed");
        var refused = _users.Count(u => u.Outcome == "refused");
        if (_buy)
        {
            Console.WriteLine($"purchases       {Paid} seats held and paid, {_users.Count(u => u.Outcome == "sold-out")} users found no seat, {_shards.Sum(s => s.HoldConflicts)} hold conflicts (seat taken), " +
                $"{refused} refused by the gate, {failed} failed");
            var holds = _shards.SelectMany(s => s.HoldLatencyMs).ToList();
            var payments = _shards.SelectMany(s => s.PaymentLatencyMs).ToList();
            Console.WriteLine($"hold requests   p50 {Percentile(holds, 50),8:F1} ms   p99 {Percentile(holds, 99),8:F1} ms   ({holds.Count}); payments p50 {Percentile(payments, 50):F1} ms p99 {Percentile(payments, 99):F1} ms (mock PG waits 500–1500 ms)");
        }
        else
        {
            Console.WriteLine($"users           {_users.Count(u => u.Outcome == "left")} admitted and left at once, {refused} refused, {failed} failed");
        }
        foreach (var sample in _shards.SelectMany(s => s.FailureSamples).Take(5))
        {
            Console.WriteLine($"  failure       {sample}");
        }
        Healthy = failed == 0 && refused == 0 && notAdmitted == 0 && maxActive <= _capacity && checked_.Count == users;
    }

    // Each distinct queue-updated push, merged over the shards: how long after the server stamped it the last waiting
    // socket read it, and whether every waiting socket did.
    private void PrintWaves()
    {
        var waves = _shards.SelectMany(s => s.Waves).GroupBy(w => w.Payload).Select(g => new
        {
            Server = ServerTicks(g.Key),
            First = g.Min(w => w.FirstTicks),
            Last = g.Max(w => w.LastTicks),
            Received = g.Sum(w => w.Received),
            Waiting = g.Sum(w => w.WaitingSockets),
            WaitingReceived = g.Sum(w => w.WaitingReceived),
        }).Where(w => w.Waiting > 0).OrderBy(w => w.First).ToList();
        if (waves.Count == 0)
        {
            Console.WriteLine("queue-updated   none reached a waiting socket");
            return;
        }
        var toLast = waves.Where(w => w.Server > 0).Select(w => TimeSpan.FromTicks(w.Last - w.Server).TotalMilliseconds).ToList();
        var spread = waves.Select(w => TimeSpan.FromTicks(w.Last - w.First).TotalMilliseconds).ToList();
        var biggest = waves.MaxBy(w => w.Waiting)!;
        var missed = waves.Sum(w => (long)w.Waiting - w.WaitingReceived);
        Console.WriteLine($"queue-updated   {waves.Count} pushes; server stamp → last waiting socket p50 {Percentile(toLast, 50):F0} ms, max {Percentile(toLast, 100):F0} ms; " +
            $"first → last socket p50 {Percentile(spread, 50):F0} ms, max {Percentile(spread, 100):F0} ms");
        Console.WriteLine($"  largest push  to {biggest.Waiting} waiting sockets: all read it {(biggest.Server > 0 ? TimeSpan.FromTicks(biggest.Last - biggest.Server).TotalMilliseconds : double.NaN):F0} ms after the server stamp " +
            $"({biggest.WaitingReceived} of {biggest.Waiting} received); deliveries missed by waiting sockets over all pushes: {missed}");
        Console.WriteLine($"  own position  {_shards.Sum(s => s.PositionedDeliveries)} deliveries carried the socket's own position and estimatedWait");
    }

    private static long ServerTicks(string payload)
    {
        var match = TimestampPattern().Match(payload);
        return match.Success && DateTime.TryParse(match.Groups[1].Value, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var at)
            ? at.Ticks
            : 0;
    }

    private static double Percentile(List<double> values, double percentile)
    {
        if (values.Count == 0)
        {
            return 0;
        }
        var sorted = values.Order().ToArray();
        return sorted[Math.Clamp((int)Math.Ceiling(percentile / 100 * sorted.Length) - 1, 0, sorted.Length - 1)];
    }

    [GeneratedRegex("\"timestamp\":\"([^\"]+)\"")]
    private static partial Regex TimestampPattern();
}
