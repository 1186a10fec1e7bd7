namespace Tiketi.Edge.Cluster;

/// <summary>Settings of the cluster relay and the cluster-wide room counts (section <c>Tiketi:Cluster</c>).</summary>
public sealed class ClusterOptions
{
    /// <summary>The configuration section these options bind from.</summary>
    public const string SectionName = "Tiketi:Cluster";

    /// <summary>Prefix of every Redis key and channel the cluster layer uses.</summary>
    public string KeyPrefix { get; set; } = "tiketi:cluster:";

    /// <summary>How often an instance re-announces itself and rewrites its room counts.</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// How long an instance's counts survive without a heartbeat: after a crash they stop counting
    /// within this window. Must be a few heartbeat intervals.
    /// </summary>
    public TimeSpan InstanceTtl { get; set; } = TimeSpan.FromSeconds(6);

    /// <summary>First reconnect delay after Redis is lost; doubles up to <see cref="MaxReconnectDelay"/>.</summary>
    public TimeSpan ReconnectDelay { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Longest reconnect delay.</summary>
    public TimeSpan MaxReconnectDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The one pub/sub channel every broadcast travels on.</summary>
    public string BroadcastChannel => KeyPrefix + "broadcast";

    /// <summary>The pub/sub channel that tells every instance the waiting room of an event moved on.</summary>
    public string QueueUpdateChannel => KeyPrefix + "queue-updated";

    /// <summary>Sorted set of live instances, scored by their last heartbeat (Redis clock, ms).</summary>
    public string InstancesKey => KeyPrefix + "instances";

    /// <summary>The hash of one instance's local room member counts.</summary>
    public string RoomCountsKey(Guid instanceId) => KeyPrefix + "rooms:" + instanceId.ToString("N");

    /// <summary>Prefix of the room count hashes (the Lua script appends the instance id).</summary>
    public string RoomCountsKeyPrefix => KeyPrefix + "rooms:";
}
