using System.Text.Json;
using Tiketi.Core.WaitingRoom;
using Tiketi.Edge.Cluster;
using Tiketi.Edge.SocketIO;

namespace Tiketi.Edge.Realtime;

/// <summary>
/// The ticketing socket API on the main namespace (REALTIME.md §6–§8): authentication, the
/// per-user room, token expiry, session restore, and the client events <c>join-event</c>,
/// <c>leave-event</c>, <c>join-queue</c>, <c>join-seat-selection</c>, <c>seat-selection-changed</c>.
/// Handlers are registered before the connection handler awaits anything, and the Socket.IO
/// server processes a client's next packets only after that handler finished, so events sent
/// right after the CONNECT ack are never lost (FLOWS defect 20). Bad payloads are ignored,
/// answered with <c>{"ok":false,"error":…}</c> when an ack was requested, and never throw.
/// </summary>
public sealed partial class TicketingSocketHandlers(
    SocketAuthentication authentication,
    KnownEvents events,
    RealtimeSessions sessions,
    ClusterRoomCounts counts,
    WaitingRoom waitingRoom,
    TimeProvider time,
    IConfiguration configuration,
    ILogger<TicketingSocketHandlers> logger)
{
    // How long session-restored waits for the socket's own first join before it is sent anyway.
    private readonly TimeSpan _restoreNoticeDelay = TimeSpan.FromMilliseconds(configuration.GetValue("Tiketi:Realtime:RestoreNoticeDelayMs", 1000));

    /// <summary>Longest wait for the session restore before the socket's events are processed anyway.</summary>
    public static readonly TimeSpan RestoreWait = TimeSpan.FromSeconds(2);

    private const string TooManyEvents = "too many events";

    private static readonly RealtimeAckPayload Accepted = new(true, null);

    /// <summary>Registers the middleware and handlers on the server's main namespace.</summary>
    public void Register(SocketIoServer server)
    {
        server.Use(authentication.AuthenticateAsync);
        server.OnConnection(OnConnectionAsync);
    }

    private async ValueTask OnConnectionAsync(SocketIoSocket socket)
    {
        if (socket.Data is not RealtimeUser user)
        {
            return; // not authenticated: cannot happen behind the middleware
        }

        socket.On("join-event", JoinEventAsync);
        socket.On("leave-event", LeaveEventAsync);
        socket.On("join-queue", JoinQueueAsync);
        socket.On("join-seat-selection", JoinSeatSelectionAsync);
        socket.On("seat-selection-changed", SeatSelectionChangedAsync);
        socket.OnDisconnect(OnDisconnect);
        socket.Join(RealtimeRooms.User(user.UserId));
        ScheduleExpiry(socket, user);

        var restore = RestoreAsync(socket, user);
        try
        {
            await restore.WaitAsync(RestoreWait, time);
        }
        catch (TimeoutException)
        {
            LogRestoreSlow(logger, user.UserId); // it still completes in the background
        }
    }

    private void ScheduleExpiry(SocketIoSocket socket, RealtimeUser user)
    {
        var due = user.TokenExpiresAt - time.GetUtcNow();
        if (due <= TimeSpan.Zero)
        {
            socket.Connection.Close("token expired");
            return;
        }

        // Timers take at most ~49 days; a longer-lived token is re-checked then.
        var wait = due > TimeSpan.FromDays(40) ? TimeSpan.FromDays(40) : due;
        user.ExpiryTimer?.Dispose();
        user.ExpiryTimer = time.CreateTimer(state =>
        {
            // Transport close, never a DISCONNECT packet: the client reconnects, its expired
            // token is refused with "Invalid authentication token", and it logs out.
            var s = (SocketIoSocket)state!;
            if (s.Connected && s.Data is RealtimeUser u)
            {
                ScheduleExpiry(s, u);
            }
        }, socket, wait, Timeout.InfiniteTimeSpan);
    }

    private void OnDisconnect(SocketIoSocket socket, string reason)
    {
        if (socket.Data is not RealtimeUser user)
        {
            return;
        }

        user.ExpiryTimer?.Dispose();
        user.TakeNotice(); // drops an unsent notice and its timer
        foreach (var room in user.TakeCountedRooms())
        {
            _ = RefreshInBackgroundAsync(room); // the socket already left the room
        }
    }

    private async Task RestoreAsync(SocketIoSocket socket, RealtimeUser user)
    {
        RealtimeSession? session;
        try
        {
            session = await sessions.GetAsync(user.UserId);
        }
        catch (Exception ex)
        {
            LogSessionFailed(logger, ex, user.UserId);
            return;
        }

        if (session is null || !socket.Connected)
        {
            return;
        }

        // Restored rooms are a guess about the page behind this socket; its first own join replaces them
        // (TrimRestoredRooms), so a restore never leaves one page's socket in another page's rooms.
        if (Guid.TryParse(session.EventId, out var eventId))
        {
            await RestoreCountedRoomAsync(socket, user, RealtimeRooms.Event(eventId));
        }

        if (Guid.TryParse(session.QueueEventId, out var queueEventId))
        {
            user.TryJoinRestored(socket, RealtimeRooms.Queue(queueEventId), counted: false);
            user.TryJoinRestored(socket, RealtimeRooms.QueueMember(queueEventId, user.UserId), counted: false);
        }

        if (Guid.TryParse(session.SeatEventId, out var seatEventId))
        {
            await RestoreCountedRoomAsync(socket, user, RealtimeRooms.Seats(seatEventId));
        }

        JsonElement? selected = null;
        if (session.SelectedSeatsJson is { } json)
        {
            try
            {
                selected = JsonElement.Parse(json);
            }
            catch (JsonException)
            {
                selected = null; // written by us as an array; unreadable means tampered: omit it
            }
        }

        // The notice waits for the socket's first own join (or RestoreNoticeDelay): the waiting-room modal re-fetches
        // its status on a notice naming a queue, and it opens a new socket about every second (REALTIME.md §9) and
        // fetches by itself each time — an immediate notice would double its status requests.
        var notice = new SessionRestoredPayload(session.EventId, session.QueueEventId, session.SeatEventId, selected);
        if (!user.TryDeferNotice(notice, () => time.CreateTimer(SendDeferredNotice, socket, _restoreNoticeDelay, Timeout.InfiniteTimeSpan)))
        {
            SendNotice(socket, notice);
        }
    }

    private async ValueTask RestoreCountedRoomAsync(SocketIoSocket socket, RealtimeUser user, string room)
    {
        if (user.TryJoinRestored(socket, room, counted: true))
        {
            await RefreshCountAsync(room);
        }
    }

    private static void SendDeferredNotice(object? state)
    {
        var socket = (SocketIoSocket)state!;
        if (socket.Data is RealtimeUser user && user.TakeNotice() is { } notice)
        {
            SendNotice(socket, notice);
        }
    }

    private static void SendNotice(SocketIoSocket socket, SessionRestoredPayload notice)
    {
        if (socket.Connected)
        {
            socket.Emit("session-restored", notice, RealtimeJson.Default.SessionRestoredPayload);
        }
    }

    private async ValueTask JoinEventAsync(SocketIoSocket socket, SocketIoMessage message, SocketIoAck? ack)
    {
        if (await ValidateAsync(socket, message, ack) is not var (user, asSent, eventId))
        {
            return;
        }

        var room = RealtimeRooms.Event(eventId);
        TrimRestoredRooms(socket, user, queuePage: false, room);
        socket.Join(room);
        user.AddCountedRoom(room);
        await SaveSessionAsync(user, eventId, RealtimeSessions.EventField, eventId.ToString("D"));
        await waitingRoom.TouchAsync(eventId, user.UserId);
        var userCount = await RefreshCountAsync(room);
        socket.Namespace.To(room).Emit("room-info", new RoomInfoPayload(asSent, userCount), RealtimeJson.Default.RoomInfoPayload);
        Acknowledge(ack);
    }

    private async ValueTask LeaveEventAsync(SocketIoSocket socket, SocketIoMessage message, SocketIoAck? ack)
    {
        if (await ValidateAsync(socket, message, ack) is not var (user, asSent, eventId))
        {
            return;
        }

        var room = RealtimeRooms.Event(eventId);
        socket.Leave(room);
        user.RemoveCountedRoom(room);
        await ClearSessionAsync(user, eventId, RealtimeSessions.EventField);
        var userCount = await RefreshCountAsync(room);
        socket.Namespace.To(room).Emit("room-info", new RoomInfoPayload(asSent, userCount), RealtimeJson.Default.RoomInfoPayload);
        Acknowledge(ack);
    }

    private async ValueTask JoinQueueAsync(SocketIoSocket socket, SocketIoMessage message, SocketIoAck? ack)
    {
        if (await ValidateAsync(socket, message, ack) is not var (user, _, eventId))
        {
            return;
        }

        var (queue, member) = (RealtimeRooms.Queue(eventId), RealtimeRooms.QueueMember(eventId, user.UserId));
        TrimRestoredRooms(socket, user, queuePage: true, queue, member);
        socket.Join(queue);
        socket.Join(member);
        await SaveSessionAsync(user, eventId, RealtimeSessions.QueueField, eventId.ToString("D"));
        await waitingRoom.TouchAsync(eventId, user.UserId);
        Acknowledge(ack);
    }

    private async ValueTask JoinSeatSelectionAsync(SocketIoSocket socket, SocketIoMessage message, SocketIoAck? ack)
    {
        if (await ValidateAsync(socket, message, ack) is not var (user, _, eventId))
        {
            return;
        }

        // Counted cluster-wide like event rooms: the admin dashboard shows seat-map viewers per event.
        var room = RealtimeRooms.Seats(eventId);
        TrimRestoredRooms(socket, user, queuePage: false, room);
        socket.Join(room);
        user.AddCountedRoom(room);
        await RefreshCountAsync(room);
        await SaveSessionAsync(user, eventId, RealtimeSessions.SeatField, eventId.ToString("D"));
        await waitingRoom.TouchAsync(eventId, user.UserId); // an admitted buyer on the seat map stays active
        Acknowledge(ack);
    }

    private async ValueTask SeatSelectionChangedAsync(SocketIoSocket socket, SocketIoMessage message, SocketIoAck? ack)
    {
        if (socket.Data is not RealtimeUser user)
        {
            return;
        }

        if (!user.TryTakeEventToken(time))
        {
            Refuse(ack, TooManyEvents);
            return;
        }

        if (!ClientEventPayload.TryReadEventId(message.Args, out _, out var eventId, out var error)
            || !ClientEventPayload.TryReadSeats(message.Args[0], out var seats, out error))
        {
            Refuse(ack, error);
            return;
        }

        if (await ExistsAsync(eventId) != true)
        {
            Refuse(ack, "unknown event");
            return;
        }

        await SaveSessionAsync(user, eventId, RealtimeSessions.SeatField, eventId.ToString("D"));
        await SaveSessionAsync(user, eventId, RealtimeSessions.SelectedSeatsField, JsonSerializer.Serialize(seats, RealtimeJson.Default.GuidArray));
        Acknowledge(ack);
    }

    /// <summary>
    /// The socket's own join says which page it serves (EventDetail joins the event, the waiting-room modal the
    /// queue, the seat map the seats — one kind each, REALTIME.md §9): rooms restore guessed from the user's
    /// session that this page did not ask for are left, so another event's <c>queue-cleared</c> or
    /// <c>queue-entry-allowed</c> never reaches this page, and the page is not fanned other rooms' broadcasts.
    /// </summary>
    private void TrimRestoredRooms(SocketIoSocket socket, RealtimeUser user, bool queuePage, params ReadOnlySpan<string> keep)
    {
        var (restored, notice) = user.Declare();

        // A waiting-room page that joined its queue itself has just fetched its status: no queue in the notice, so
        // the notice does not make it fetch again.
        if (notice is not null)
        {
            SendNotice(socket, queuePage ? notice with { QueueEventId = null } : notice);
        }

        foreach (var room in restored)
        {
            if (keep.Contains(room))
            {
                continue;
            }

            socket.Leave(room);
            if (user.RemoveCountedRoom(room))
            {
                _ = RefreshInBackgroundAsync(room);
            }
        }
    }

    /// <summary>The payload's event id, or null after refusing it (bad shape, unknown event).</summary>
    private async ValueTask<(RealtimeUser User, string AsSent, Guid EventId)?> ValidateAsync(SocketIoSocket socket, SocketIoMessage message, SocketIoAck? ack)
    {
        if (socket.Data is not RealtimeUser user)
        {
            return null;
        }

        if (!user.TryTakeEventToken(time))
        {
            Refuse(ack, TooManyEvents);
            return null;
        }

        if (!ClientEventPayload.TryReadEventId(message.Args, out var asSent, out var eventId, out var error))
        {
            Refuse(ack, error);
            return null;
        }

        switch (await ExistsAsync(eventId))
        {
            case false:
                Refuse(ack, "unknown event");
                return null;
            case null when !user.TryAddUnverifiedJoin():
                Refuse(ack, "event lookup unavailable");
                return null;
            default:
                // Exists, or the lookup failed: the client joins once per connection and never again, so refusing a
                // join during a database hiccup would leave that page without live updates for good. A few
                // unverified rooms per socket bound what a client could create meanwhile.
                return (user, asSent, eventId);
        }
    }

    /// <summary>Whether the event exists; null when the lookup failed.</summary>
    private async ValueTask<bool?> ExistsAsync(Guid eventId)
    {
        try
        {
            return await events.ExistsAsync(eventId, CancellationToken.None);
        }
        catch (Exception ex)
        {
            LogEventLookupFailed(logger, ex, eventId);
            return null;
        }
    }

    private async ValueTask<long> RefreshCountAsync(string room)
    {
        try
        {
            return await counts.RefreshAsync(room);
        }
        catch (Exception ex)
        {
            LogCountFailed(logger, ex, room);
            return 0;
        }
    }

    private async Task RefreshInBackgroundAsync(string room) => await RefreshCountAsync(room);

    private async ValueTask SaveSessionAsync(RealtimeUser user, Guid eventId, string field, string value)
    {
        try
        {
            await sessions.SetAsync(user.UserId, eventId, field, value);
        }
        catch (Exception ex)
        {
            LogSessionFailed(logger, ex, user.UserId); // the join itself stands; only restore is lost
        }
    }

    private async ValueTask ClearSessionAsync(RealtimeUser user, Guid eventId, string field)
    {
        try
        {
            await sessions.ClearAsync(user.UserId, eventId, field);
        }
        catch (Exception ex)
        {
            LogSessionFailed(logger, ex, user.UserId);
        }
    }

    private static void Acknowledge(SocketIoAck? ack) => ack?.Send(Accepted, RealtimeJson.Default.RealtimeAckPayload);

    private static void Refuse(SocketIoAck? ack, string error) => ack?.Send(new RealtimeAckPayload(false, error), RealtimeJson.Default.RealtimeAckPayload);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Realtime session of user {UserId} could not be read or written")]
    private static partial void LogSessionFailed(ILogger logger, Exception exception, Guid userId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Session restore for user {UserId} is slow; processing the socket's events meanwhile")]
    private static partial void LogRestoreSlow(ILogger logger, Guid userId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Event lookup for {EventId} failed; a join is let through unverified (at most a few per socket)")]
    private static partial void LogEventLookupFailed(ILogger logger, Exception exception, Guid eventId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Member count of room {Room} could not be refreshed")]
    private static partial void LogCountFailed(ILogger logger, Exception exception, string room);
}
