namespace Tiketi.Core.WaitingRoom;

/// <summary>
/// Token bucket for one event's admissions: <c>rate</c> tokens per second, at most one second's worth saved up, so
/// over any interval of T seconds no more than rate × (T + 1) users are admitted. Not thread-safe (one loop owns it).
/// </summary>
public sealed class AdmissionPacer
{
    private readonly TimeProvider _time;
    private long _last;
    private double _tokens;

    /// <summary>Creates an empty bucket (the first admissions wait for tokens to accrue).</summary>
    public AdmissionPacer(TimeProvider time)
    {
        _time = time;
        _last = time.GetTimestamp();
    }

    /// <summary>Adds the tokens accrued since the last call at <paramref name="ratePerSecond"/>; returns how many users may be admitted now.</summary>
    public int Budget(int ratePerSecond)
    {
        var now = _time.GetTimestamp();
        var elapsed = _time.GetElapsedTime(_last, now).TotalSeconds;
        _last = now;
        var cap = Math.Max(1, ratePerSecond);
        _tokens = Math.Min(cap, _tokens + (ratePerSecond * Math.Max(0, elapsed)));
        // The epsilon absorbs floating-point drift (ten steps of 0.1 must make one whole token).
        return (int)Math.Floor(_tokens + 1e-9);
    }

    /// <summary>Spends tokens for users actually admitted.</summary>
    public void Spend(int admitted) => _tokens = Math.Max(0, _tokens - admitted);
}
