namespace Tiketi.LoadTests;

/// <summary>
/// Admitted/s of a rush, told apart by cause. The loop admits at most the configured rate and never beyond capacity,
/// so a low observed rate means either the loop is slower than configured (a bug) or every slot was taken by buyers
/// who had not left yet (expected: admission then follows buyer turnover). From the users' own timelines (admitted,
/// left) the active count is rebuilt every 10 ms; each whole second of the drain counts as "at capacity" when the
/// active count was within one tick's budget (rate / 10) of capacity for more than half of it, else as "free slots".
/// Admitted/s over the free-slot seconds is the loop's own pace.
/// </summary>
internal sealed class RushAdmissionRate
{
    private static readonly long Step = TimeSpan.FromMilliseconds(10).Ticks;

    public RushAdmissionRate(IReadOnlyList<RushUser> users, int capacity, int rate)
    {
        var queued = users.Where(u => u.Queued && u.AdmittedTicks > 0).Select(u => u.AdmittedTicks).Order().ToArray();
        FromQueue = queued.Length;
        if (queued.Length < 2)
        {
            return;
        }

        var start = queued[0];
        DrainSeconds = TimeSpan.FromTicks(queued[^1] - start).TotalSeconds;
        Overall = FromQueue / DrainSeconds;
        var changes = users.Where(u => u.AdmittedTicks > 0).Select(u => (At: u.AdmittedTicks, Delta: 1))
            .Concat(users.Where(u => u.AdmittedTicks > 0 && u.LeftTicks > 0).Select(u => (At: u.LeftTicks, Delta: -1)))
            .OrderBy(c => c.At).ToArray();
        var leaves = users.Where(u => u.LeftTicks > 0).Select(u => u.LeftTicks).Order().ToArray();
        var seconds = (int)Math.Floor(DrainSeconds);
        var nearlyFull = capacity - Math.Max(1, rate / 10);
        int next = 0, active = 0;
        for (var second = 0; second < seconds; second++)
        {
            var from = start + (second * TimeSpan.TicksPerSecond);
            var to = from + TimeSpan.TicksPerSecond;
            int full = 0, steps = 0;
            for (var t = from; t < to; t += Step, steps++)
            {
                while (next < changes.Length && changes[next].At <= t)
                {
                    active += changes[next++].Delta;
                }
                full += active >= nearlyFull ? 1 : 0;
            }
            var admitted = Count(queued, from, to);
            if (full * 2 > steps)
            {
                FullSeconds++;
                AdmittedWhileFull += admitted;
                LeftWhileFull += Count(leaves, from, to);
            }
            else
            {
                FreeSeconds++;
                AdmittedWithFreeSlots += admitted;
            }
        }
    }

    /// <summary>Users admitted from the queue (not on arrival).</summary>
    public int FromQueue { get; }

    /// <summary>Seconds from the first to the last admission from the queue.</summary>
    public double DrainSeconds { get; }

    public double Overall { get; }

    public int FreeSeconds { get; }

    public long AdmittedWithFreeSlots { get; }

    public int FullSeconds { get; }

    public long AdmittedWhileFull { get; }

    public long LeftWhileFull { get; }

    /// <summary>The loop's own pace: admitted/s over the seconds with free slots (NaN when there were none).</summary>
    public double LoopRate => FreeSeconds == 0 ? double.NaN : (double)AdmittedWithFreeSlots / FreeSeconds;

    // Values in [from, to) of an ascending array.
    private static int Count(long[] sorted, long from, long to) => LowerBound(sorted, to) - LowerBound(sorted, from);

    private static int LowerBound(long[] sorted, long value)
    {
        int lo = 0, hi = sorted.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (sorted[mid] < value)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }
        return lo;
    }
}
