namespace Tiketi.Edge.Realtime;

/// <summary>
/// What an authenticated socket carries (<c>SocketIoSocket.Data</c>): the identity from its token
/// (never from a payload), when that token stops being accepted, and the socket's per-connection
/// bookkeeping (counted rooms, rooms joined by session restore, the expiry timer).
/// </summary>
public sealed class RealtimeUser
{
    private readonly HashSet<string> _countedRooms = new(StringComparer.Ordinal);
    private readonly Lock _restore = new(); // guards the restore state below
    private readonly List<string> _restoredRooms = [];
    private bool _declared;
    private SessionRestoredPayload? _pendingNotice;
    private ITimer? _noticeTimer;
    private int _unverifiedJoins;

    /// <summary>Joins a socket may make while the event lookup fails (a page joins one event).</summary>
    internal const int MaxUnverifiedJoins = 2;

    /// <summary>Client events a socket may send at once (a page sends one to three per connection).</summary>
    internal const int EventBurst = 20;

    /// <summary>Client events per second a socket earns back after a burst.</summary>
    internal const double EventsPerSecond = 10;

    // Token bucket of client events; only the socket's own (sequential) event handling touches it.
    private double _eventTokens = EventBurst;
    private long _eventTokensAt;

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

    /// <summary>Forgets a counted room; false if it was not counted.</summary>
    internal bool RemoveCountedRoom(string room)
    {
        lock (_countedRooms)
        {
            return _countedRooms.Remove(room);
        }
    }

    /// <summary>
    /// Holds the <c>session-restored</c> notice until the socket's first own join (or <paramref name="timer"/>) sends
    /// it; false if the socket has already joined by itself (send it now).
    /// </summary>
    internal bool TryDeferNotice(SessionRestoredPayload notice, Func<ITimer> timer)
    {
        lock (_restore)
        {
            if (_declared)
            {
                return false;
            }

            _pendingNotice = notice;
            _noticeTimer = timer();
            return true;
        }
    }

    /// <summary>The deferred <c>session-restored</c> notice, once (null if sent or never made).</summary>
    internal SessionRestoredPayload? TakeNotice()
    {
        lock (_restore)
        {
            return TakeNoticeLocked();
        }
    }

    private SessionRestoredPayload? TakeNoticeLocked()
    {
        var notice = _pendingNotice;
        _pendingNotice = null;
        _noticeTimer?.Dispose();
        _noticeTimer = null;
        return notice;
    }

    /// <summary>
    /// Joins <paramref name="room"/> as a guess from the user's session (restore), unless the socket already said
    /// which page it serves by a join of its own; false then.
    /// </summary>
    internal bool TryJoinRestored(SocketIO.SocketIoSocket socket, string room, bool counted)
    {
        lock (_restore)
        {
            if (_declared)
            {
                return false;
            }

            socket.Join(room);
            _restoredRooms.Add(room);
            if (counted)
            {
                AddCountedRoom(room);
            }

            return true;
        }
    }

    /// <summary>
    /// The socket's own join: no more restoring from now on. Returns, once, the rooms restore joined (for the caller
    /// to leave those its page did not ask for) and the notice still waiting to be sent.
    /// </summary>
    internal (string[] RestoredRooms, SessionRestoredPayload? Notice) Declare()
    {
        lock (_restore)
        {
            _declared = true;
            string[] rooms = [.. _restoredRooms];
            _restoredRooms.Clear();
            return (rooms, TakeNoticeLocked());
        }
    }

    /// <summary>Counts a join let through while the event lookup failed; false once the socket has had its few.</summary>
    internal bool TryAddUnverifiedJoin() => Interlocked.Increment(ref _unverifiedJoins) <= MaxUnverifiedJoins;

    /// <summary>
    /// Takes one client event from the socket's budget; false when it is spent. Bounds what one socket can make the
    /// server do (each join and leave answers the whole room with <c>room-info</c>, on every edge).
    /// </summary>
    internal bool TryTakeEventToken(TimeProvider time)
    {
        var now = time.GetTimestamp();
        if (_eventTokensAt != 0)
        {
            _eventTokens = Math.Min(EventBurst, _eventTokens + ((now - _eventTokensAt) * EventsPerSecond / time.TimestampFrequency));
        }

        _eventTokensAt = now;
        if (_eventTokens < 1)
        {
            return false;
        }

        _eventTokens -= 1;
        return true;
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
