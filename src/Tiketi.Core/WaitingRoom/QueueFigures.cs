namespace Tiketi.Core.WaitingRoom;

/// <summary>Live figures of an event's waiting room (admin views).</summary>
/// <param name="Settings">Current settings.</param>
/// <param name="Waiting">Users waiting.</param>
/// <param name="Active">Users active.</param>
/// <param name="MeasuredAdmissionsPerSecond">Admissions per second measured by the admission loop (0 when idle).</param>
public sealed record QueueFigures(WaitingRoomSettings Settings, long Waiting, long Active, double MeasuredAdmissionsPerSecond)
{
    /// <summary>Seconds until the last waiting user is admitted (measured rate, else configured).</summary>
    public long TailEstimatedWaitSeconds =>
        WaitingRoomEta.Seconds(Waiting, WaitingRoomEta.EffectiveRate(MeasuredAdmissionsPerSecond, Settings.AdmissionRatePerSecond));

    /// <summary>Free active slots.</summary>
    public long Available => Math.Max(0, Settings.Capacity - Active);
}
