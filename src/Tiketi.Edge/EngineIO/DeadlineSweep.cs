namespace Tiketi.Edge.EngineIO;

/// <summary>
/// Many coarse deadlines on one timer: owners register a due time and are called back at the
/// first sweep after it. Replaces a timer (or a cancelled <c>Task.Delay</c>, which throws) per
/// closing connection: registering and unregistering are a dictionary write under a lock, and
/// the timer runs only while something is registered. Deadlines fire up to one period late.
/// </summary>
internal sealed class DeadlineSweep
{
    private readonly Lock _lock = new();
    private readonly Dictionary<IDeadlineOwner, long> _due = new(ReferenceEqualityComparer.Instance);
    private readonly List<IDeadlineOwner> _fired = [];
    private readonly TimeProvider _time;
    private readonly TimeSpan _period;
    private readonly ITimer _timer;
    private bool _running;
    private bool _sweeping;

    public DeadlineSweep(TimeSpan period, TimeProvider? time = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(period, TimeSpan.Zero);
        _period = period;
        _time = time ?? TimeProvider.System;
        _timer = _time.CreateTimer(static state => ((DeadlineSweep)state!).Sweep(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>The process-wide sweep the WebSocket transports share (50 ms granularity).</summary>
    public static DeadlineSweep Shared { get; } = new(TimeSpan.FromMilliseconds(50));

    /// <summary>Owners registered now.</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _due.Count;
            }
        }
    }

    /// <summary>Calls <paramref name="owner"/> back once <paramref name="after"/> has passed, replacing its earlier deadline.</summary>
    public void Register(IDeadlineOwner owner, TimeSpan after)
    {
        var due = _time.GetTimestamp() + (long)(after.TotalSeconds * _time.TimestampFrequency);
        lock (_lock)
        {
            _due[owner] = due;
            if (!_running)
            {
                _running = true;
                _timer.Change(_period, Timeout.InfiniteTimeSpan);
            }
        }
    }

    /// <summary>Drops <paramref name="owner"/>'s deadline (no callback).</summary>
    public void Unregister(IDeadlineOwner owner)
    {
        lock (_lock)
        {
            _due.Remove(owner);
        }
    }

    private void Sweep()
    {
        var now = _time.GetTimestamp();
        lock (_lock)
        {
            if (_sweeping)
            {
                return;
            }

            _sweeping = true;
            foreach (var (owner, due) in _due)
            {
                if (now >= due)
                {
                    _fired.Add(owner);
                }
            }

            foreach (var owner in _fired)
            {
                _due.Remove(owner);
            }
        }

        try
        {
            foreach (var owner in _fired)
            {
                owner.OnDeadline();
            }
        }
        finally
        {
            _fired.Clear();
            lock (_lock)
            {
                _sweeping = false;
                // One-shot and re-armed, so a slow sweep never overlaps the next and an empty sweep stops.
                _running = _due.Count > 0;
                if (_running)
                {
                    _timer.Change(_period, Timeout.InfiniteTimeSpan);
                }
            }
        }
    }
}
