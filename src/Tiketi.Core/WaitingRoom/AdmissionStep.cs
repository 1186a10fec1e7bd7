namespace Tiketi.Core.WaitingRoom;

/// <summary>What one admission step did.</summary>
/// <param name="LeaseLost">The caller's lease is gone: it admitted nobody and must stop.</param>
/// <param name="Admitted">Users admitted by this step, in queue order.</param>
/// <param name="Waiting">Users still waiting.</param>
/// <param name="Active">Users active afterwards.</param>
/// <param name="ConfiguredRatePerSecond">The event's configured admission rate (for the caller's pacing).</param>
public sealed record AdmissionStep(bool LeaseLost, IReadOnlyList<Guid> Admitted, long Waiting, long Active, int ConfiguredRatePerSecond)
{
    /// <summary>The answer when the lease was lost.</summary>
    public static AdmissionStep Lost { get; } = new(true, [], 0, 0, 0);
}
