namespace Tiketi.Core.WaitingRoom;

/// <summary>Where a user stands in an event's waiting room.</summary>
public enum QueueState
{
    /// <summary>Neither waiting nor active.</summary>
    Outside,

    /// <summary>In the waiting list.</summary>
    Waiting,

    /// <summary>Admitted: may hold seats and buy until the activity expiry passes.</summary>
    Active,
}
