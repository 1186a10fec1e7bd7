using System.Globalization;

namespace Tiketi.LoadTests;

/// <summary>
/// One reading of a Linux process's resident memory (/proc/&lt;pid&gt;/status VmRSS) and CPU
/// time (/proc/&lt;pid&gt;/stat utime + stime, user and kernel).
/// </summary>
internal readonly record struct ProcessSample(long RssBytes, TimeSpan CpuTime, DateTime TakenAt)
{
    // USER_HZ is 100 on every Linux we run on; sysconf is not reachable without P/Invoke.
    private const double ClockTicksPerSecond = 100.0;

    public static ProcessSample? TryRead(int? pid)
    {
        if (pid is null)
        {
            return null;
        }
        try
        {
            var status = File.ReadAllLines($"/proc/{pid}/status");
            long rssKb = 0;
            foreach (var line in status)
            {
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                {
                    rssKb = long.Parse(line.AsSpan(6).Trim().TrimEnd("kB").Trim(), CultureInfo.InvariantCulture);
                }
            }
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            // Fields after the parenthesised command name; utime and stime are fields 14 and 15.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            return new ProcessSample(rssKb * 1024, TimeSpan.FromSeconds(ticks / ClockTicksPerSecond), DateTime.UtcNow);
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>
    /// How long a process's threads have waited for a CPU while runnable, summed (the second field of
    /// /proc/&lt;pid&gt;/task/*/schedstat): when it grows as fast as the wall clock, the machine is oversubscribed and
    /// throughput is set by the scheduler, not by the process.
    /// </summary>
    public static TimeSpan? RunQueueWait(int? pid)
    {
        if (pid is null)
        {
            return null;
        }
        try
        {
            long nanoseconds = 0;
            foreach (var task in Directory.EnumerateDirectories($"/proc/{pid}/task"))
            {
                try
                {
                    var fields = File.ReadAllText(Path.Combine(task, "schedstat")).Split(' ');
                    nanoseconds += long.Parse(fields[1], CultureInfo.InvariantCulture);
                }
                catch (IOException)
                {
                    // The thread ended while we looked.
                }
            }
            return TimeSpan.FromMicroseconds(nanoseconds / 1000.0);
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>The soft open-files limit of a process, from /proc/&lt;pid&gt;/limits ("self" for this one).</summary>
    public static long? OpenFilesLimit(string pid)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/limits"))
            {
                if (line.StartsWith("Max open files", StringComparison.Ordinal))
                {
                    var parts = line["Max open files".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
                    return parts[0] == "unlimited" ? long.MaxValue : long.Parse(parts[0], CultureInfo.InvariantCulture);
                }
            }
        }
        catch (IOException)
        {
        }
        return null;
    }
}
