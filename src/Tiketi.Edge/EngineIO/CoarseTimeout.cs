namespace Tiketi.Edge.EngineIO;

/// <summary>
/// Cancellation tokens that fire between <c>duration</c> and <c>duration + granularity</c> from now, one token
/// source shared by everyone who asks within the same granularity window. For generous guards that nearly
/// never fire (a silent new connection): no token source, timer and timer-queue entry per caller.
/// </summary>
internal sealed class CoarseTimeout(TimeSpan duration, TimeSpan granularity)
{
    private Window? _current;

    /// <summary>A token cancelled no sooner than the duration from now.</summary>
    public CancellationToken Token
    {
        get
        {
            var now = Environment.TickCount64;
            var current = Volatile.Read(ref _current);
            if (current is null || now >= current.IssuedUntil)
            {
                // Racing callers may each make one; the loser's source simply fires unused.
                var fresh = new Window(now + (long)granularity.TotalMilliseconds, new CancellationTokenSource(duration + granularity));
                Interlocked.CompareExchange(ref _current, fresh, current);
                current = Volatile.Read(ref _current)!;
            }

            return current.Source.Token;
        }
    }

    private sealed record Window(long IssuedUntil, CancellationTokenSource Source);
}
