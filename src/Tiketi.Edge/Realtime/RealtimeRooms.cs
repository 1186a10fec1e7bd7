namespace Tiketi.Edge.Realtime;

/// <summary>The contract's room names (REALTIME.md §5) plus the per-user room; ids are canonical lowercase.</summary>
public static class RealtimeRooms
{
    /// <summary>Event detail viewers: <c>room-info</c>, <c>ticket-updated</c>.</summary>
    public static string Event(Guid eventId) => "event:" + eventId.ToString("D");

    /// <summary>Waiting-room members: <c>queue-updated</c>, <c>queue-cleared</c>.</summary>
    public static string Queue(Guid eventId) => "queue:" + eventId.ToString("D");

    /// <summary>Seat-map viewers: <c>seat-selected</c>, <c>seat-locked</c>, <c>seat-released</c>.</summary>
    public static string Seats(Guid eventId) => "seats:" + eventId.ToString("D");

    /// <summary>Every socket of one user, on every instance.</summary>
    public static string User(Guid userId) => "user:" + userId.ToString("D");

    /// <summary>
    /// The waiting-room sockets of one user for one event: <c>queue-entry-allowed</c> goes here, so
    /// it reaches only that user, and not the user's waiting room of another event in another tab.
    /// </summary>
    public static string QueueMember(Guid eventId, Guid userId) => "queue:" + eventId.ToString("D") + ":user:" + userId.ToString("D");
}
