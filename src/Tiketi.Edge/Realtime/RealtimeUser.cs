namespace Tiketi.Edge.Realtime;

/// <summary>
/// What an authenticated socket carries (<c>SocketIoSocket.Data</c>): the identity from its token
/// (never from a payload), when that token stops being accepted, and the socket's per-connection
/// bookkeeping (counted rooms, the expiry timer).
/// </summary>
public sealed class RealtimeUser
{
    private readonly HashSet<string> _countedRooms = new(StringComparer.Ordinal);

    public RealtimeUser(Guid userId, string role, DateTimeOffset tokenExpiresAt)
    {
        UserId = userId;
        Role = role;
        TokenExpiresAt = tokenExpiresAt;
    }

    /// <summary>The verified <c>userId</c> claim.</summary>
    public Guid UserId { get; }

    /// <summary>The user's role as stored (informational).</summary>
    public string Role { get; }

    /// <summary>The instant the token stops being accepted (its <c>exp</c> plus the allowed clock skew).</summary>
    public DateTimeOffset TokenExpiresAt { get; }

    /// <summary>Closes the transport when the token expires; disposed on disconnect.</summary>
    internal ITimer? ExpiryTimer { get; set; }

    /// <summary>Remembers a room whose cluster count this socket contributes to.</summary>
    internal void AddCountedRoom(string room)
    {
        lock (_countedRooms)
        {
            _countedRooms.Add(room);
        }
    }

    /// <summary>Forgets a counted room.</summary>
    internal void RemoveCountedRoom(string room)
    {
        lock (_countedRooms)
        {
            _countedRooms.Remove(room);
        }
    }

    /// <summary>The counted rooms, emptied (on disconnect).</summary>
    internal string[] TakeCountedRooms()
    {
        lock (_countedRooms)
        {
            string[] rooms = [.. _countedRooms];
            _countedRooms.Clear();
            return rooms;
        }
    }
}
