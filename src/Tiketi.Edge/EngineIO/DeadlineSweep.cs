namespace Tiketi.Edge.EngineIO;

/// <summary>
/// Many deadlines on one timer: owners register a due time and are called back once it has passed.
/// Replaces a timer (or a cancelled <c>Task.Delay</c>, which throws) per connection: registering and
/// unregistering are a dictionary write under a lock, and the timer runs only while something is
/// registered. The timer is armed for the earliest deadline, so a lone deadline fires on time; while
/// many are due, sweeps run at most once per <c>minimumGap</c>, so a deadline fires at most that late.
/// </summary>
internal sealed class DeadlineSweep
{
    private readonly Lock _lock = new();
    private readonly Dictionary<IDeadlineOwner, long> _due = new(ReferenceEqualityComparer.Instance);
    private readonly TimeProvider _time;
    private readonly long _minimumGap;
    private readonly ITimer _timer;
    private long _armedFor = long.MaxValue;   // timestamp the timer fires at; MaxValue when stopped

    public DeadlineSweep(TimeSpan minimumGap, TimeProvider? time = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(minimumGap, TimeSpan.Zero);
        _time = time ?? TimeProvider.System;
        _minimumGap = ToTimestamp(minimumGap);
        _timer = _time.CreateTimer(static state => ((DeadlineSweep)state!).Sweep(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>The process-wide sweep the WebSocket transports share.</summary>
    public static DeadlineSweep Shared { get; } = new(TimeSpan.FromMilliseconds(20));

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
        var now = _time.GetTimestamp();
        var due = now + ToTimestamp(after);
        lock (_lock)
        {
            _due[owner] = due;
            if (due < _armedFor)
            {
                Arm(due, now);
            }
        }
    }

    /// <summary>Drops <paramref name="owner"/>'s deadline (no callback). The timer stays armed; an empty sweep stops it.</summary>
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
        List<IDeadlineOwner>? fired = null;
        lock (_lock)
        {
            var next = long.MaxValue;
            foreach (var (owner, due) in _due)
            {
                if (now >= due)
                {
                    (fired ??= []).Add(owner);
                }
                else if (due < next)
                {
                    next = due;
                }
            }

            if (fired is not null)
            {
                foreach (var owner in fired)
                {
                    _due.Remove(owner);
                }
            }

            _armedFor = long.MaxValue;
            if (next != long.MaxValue)
            {
                Arm(Math.Max(next, now + _minimumGap), now);
            }
        }

        if (fired is not null)
        {
            foreach (var owner in fired)
            {
                owner.OnDeadline();
            }
        }
    }

    // Called under _lock.
    private void Arm(long at, long now)
    {
        _armedFor = at;
        // Rounded up to whole milliseconds (timers count those), so the sweep never comes a hair early.
        var milliseconds = Math.Ceiling(Math.Max(0, at - now) * 1000.0 / _time.TimestampFrequency);
        _timer.Change(TimeSpan.FromMilliseconds(milliseconds), Timeout.InfiniteTimeSpan);
    }

    private long ToTimestamp(TimeSpan span) => (long)(span.TotalSeconds * _time.TimestampFrequency);
}
