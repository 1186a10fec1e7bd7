namespace Tiketi.Core.WaitingRoom;

/// <summary>Process-level waiting-room tuning, bound from <c>Tiketi:WaitingRoom</c>.</summary>
public sealed class WaitingRoomOptions
{
    /// <summary>Configuration section.</summary>
    public const string SectionName = "Tiketi:WaitingRoom";

    /// <summary>How long an admitted user stays active without any activity (REST calls, sockets in the event's rooms).</summary>
    public TimeSpan ActiveTtl { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Whether this instance competes for admission leases (every instance may; one wins per event).</summary>
    public bool AdmissionEnabled { get; set; } = true;

    /// <summary>How often the admission loop runs one step per event.</summary>
    public TimeSpan TickInterval { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Lease lifetime: a dead holder is replaced by another instance within this time.</summary>
    public TimeSpan LeaseTtl { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>Least time between two <c>queue-updated</c> pushes for one event (each makes every waiting client refetch).</summary>
    public TimeSpan QueueUpdateInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Window over which the admission rate is measured for ETAs.</summary>
    public TimeSpan MeasurementWindow { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long an event's existence/state is cached in process for queue calls.</summary>
    public TimeSpan EventCacheTtl { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How long the Redis copy of an event's settings lives before it is reloaded from PostgreSQL.</summary>
    public TimeSpan SettingsMirrorTtl { get; set; } = TimeSpan.FromMinutes(10);
}
