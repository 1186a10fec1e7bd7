using StackExchange.Redis;

namespace Tiketi.Core.WaitingRoom;

/// <summary>
/// Redis keys of one event's waiting room. Every per-event key shares the hash tag <c>{eventId}</c>, so a script
/// touching several of them stays on one cluster slot.
/// </summary>
internal sealed class WaitingRoomKeys
{
    /// <summary>Set of event ids whose waiting list may be non-empty (what the admission loop scans).</summary>
    public static readonly RedisKey Events = "wr:events";

    private WaitingRoomKeys(Guid eventId)
    {
        var prefix = "wr:{" + eventId.ToString() + "}:";
        EventId = eventId.ToString();
        Waiting = prefix + "waiting";
        Active = prefix + "active";
        Sequence = prefix + "seq";
        Settings = prefix + "settings";
        Stats = prefix + "stats";
        Lease = prefix + "lease";
        Fence = prefix + "fence";
    }

    /// <summary>The event id as the scripts store it (lowercase canonical).</summary>
    public string EventId { get; }

    /// <summary>Sorted set: user id → arrival sequence.</summary>
    public RedisKey Waiting { get; }

    /// <summary>Sorted set: user id → expiry (ms since epoch).</summary>
    public RedisKey Active { get; }

    /// <summary>The arrival sequence counter.</summary>
    public RedisKey Sequence { get; }

    /// <summary>Hash mirroring <see cref="WaitingRoomSettings"/>.</summary>
    public RedisKey Settings { get; }

    /// <summary>Hash of figures published by the admission loop (measured rate).</summary>
    public RedisKey Stats { get; }

    /// <summary>The admission loop's lease.</summary>
    public RedisKey Lease { get; }

    /// <summary>The lease's fencing token counter.</summary>
    public RedisKey Fence { get; }

    /// <summary>The keys of <paramref name="eventId"/>.</summary>
    public static WaitingRoomKeys For(Guid eventId) => new(eventId);
}
