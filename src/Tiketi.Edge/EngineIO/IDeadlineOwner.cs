namespace Tiketi.Edge.EngineIO;

/// <summary>Something with at most one pending deadline in a <see cref="DeadlineSweep"/>.</summary>
internal interface IDeadlineOwner
{
    /// <summary>Called once when the deadline has passed (on the sweep's timer thread, outside its lock); must not throw.</summary>
    void OnDeadline();
}
