using System.Numerics;

namespace Tiketi.LoadTests;

/// <summary>
/// A thread-safe log-linear histogram of non-negative microsecond values (HdrHistogram is not
/// available here): exact below 128 µs, then 64 buckets per power of two, so any reported
/// percentile is within 1.6 % of the true value. Recording is one interlocked increment (plus a
/// compare-and-swap when a new maximum appears).
/// </summary>
internal sealed class LatencyHistogram
{
    private const int Linear = 128;
    private const int SubBuckets = 64;
    private readonly long[] _counts = new long[Linear + (63 - 6) * SubBuckets];
    private long _max;

    /// <summary>How many values were recorded (a sum over the buckets: meant for the end of a run, not per message).</summary>
    public long Count
    {
        get
        {
            long total = 0;
            for (var i = 0; i < _counts.Length; i++)
            {
                total += Volatile.Read(ref _counts[i]);
            }
            return total;
        }
    }

    public long Max => Volatile.Read(ref _max);

    public void Record(long micros)
    {
        if (micros < 0)
        {
            micros = 0;
        }
        Interlocked.Increment(ref _counts[IndexOf(micros)]);
        var max = Volatile.Read(ref _max);
        while (micros > max)
        {
            var seen = Interlocked.CompareExchange(ref _max, micros, max);
            if (seen == max)
            {
                break;
            }
            max = seen;
        }
    }

    /// <summary>The value at <paramref name="percentile"/> (0–100), as the upper edge of its bucket; 0 if empty.</summary>
    public long Percentile(double percentile)
    {
        var total = Count;
        if (total == 0)
        {
            return 0;
        }
        var rank = (long)Math.Ceiling(total * percentile / 100.0);
        rank = Math.Clamp(rank, 1, total);
        long seen = 0;
        for (var i = 0; i < _counts.Length; i++)
        {
            seen += Volatile.Read(ref _counts[i]);
            if (seen >= rank)
            {
                return Math.Min(UpperEdge(i), Max);
            }
        }
        return Max;
    }

    private static int IndexOf(long value)
    {
        if (value < Linear)
        {
            return (int)value;
        }
        var msb = 63 - BitOperations.LeadingZeroCount((ulong)value);
        var shift = msb - 6;
        var sub = (int)(value >> shift) - SubBuckets;
        return Linear + (shift - 1) * SubBuckets + sub;
    }

    private static long UpperEdge(int index)
    {
        if (index < Linear)
        {
            return index;
        }
        var shift = (index - Linear) / SubBuckets + 1;
        var sub = (index - Linear) % SubBuckets;
        return ((long)(SubBuckets + sub + 1) << shift) - 1;
    }
}
