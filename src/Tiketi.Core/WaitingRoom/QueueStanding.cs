namespace Tiketi.Core.WaitingRoom;

/// <summary>One user's view of an event's waiting room (REST 3.18/3.19).</summary>
/// <param name="State">Waiting, active or outside.</param>
/// <param name="Position">1-based place in the waiting list; 0 unless waiting.</param>
/// <param name="QueueSize">Users waiting.</param>
/// <param name="CurrentUsers">Users active.</param>
/// <param name="Capacity">The event's capacity (the contract's <c>threshold</c>).</param>
/// <param name="AdmissionsPerSecond">The rate the ETA assumes: measured, or the configured rate before any measurement.</param>
public sealed record QueueStanding(QueueState State, long Position, long QueueSize, long CurrentUsers, int Capacity, double AdmissionsPerSecond)
{
    /// <summary>Seconds until this user's turn at <see cref="AdmissionsPerSecond"/> (0 unless waiting).</summary>
    public long EstimatedWaitSeconds => WaitingRoomEta.Seconds(Position, AdmissionsPerSecond);
}
