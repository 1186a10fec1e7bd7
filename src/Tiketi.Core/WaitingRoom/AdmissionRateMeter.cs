namespace Tiketi.Core.WaitingRoom;

/// <summary>
/// Measures one event's admissions per second over a sliding window (the ETA shown to waiting users). Steps that
/// admitted nobody count too, so a queue stalled at capacity measures low. Not thread-safe (one loop owns it).
/// </summary>
public sealed class AdmissionRateMeter
{
    private readonly TimeProvider _time;
    private readonly TimeSpan _window;
    private readonly long _started;
    private readonly Queue<(long At, int Admitted)> _steps = new();
    private long _inWindow;

    /// <summary>Creates a meter that starts measuring now.</summary>
    public AdmissionRateMeter(TimeProvider time, TimeSpan window)
    {
        _time = time;
        _window = window;
        _started = time.GetTimestamp();
    }

    /// <summary>Records a step that admitted <paramref name="admitted"/> users.</summary>
    public void Record(int admitted)
    {
        var now = _time.GetTimestamp();
        _steps.Enqueue((now, admitted));
        _inWindow += admitted;
        while (_steps.Count > 0 && _time.GetElapsedTime(_steps.Peek().At, now) > _window)
        {
            _inWindow -= _steps.Dequeue().Admitted;
        }
    }

    /// <summary>Admissions per second over the window, or null during the first second of measuring.</summary>
    public double? PerSecond
    {
        get
        {
            var span = _time.GetElapsedTime(_started);
            if (span < TimeSpan.FromSeconds(1))
            {
                return null;
            }

            return _inWindow / (span < _window ? span : _window).TotalSeconds;
        }
    }
}
