using Tiketi.Core.Notifications;
using Tiketi.Core.Time;
using Tiketi.Edge.SocketIO;

namespace Tiketi.Edge.Realtime;

/// <summary>
/// Core's seat and stock notifications (raised after commit) as the events the unchanged client
/// listens to (REALTIME.md §7 and its "a new server should emit" list): each is one encode-once
/// broadcast that the relay also publishes to the other instances.
/// </summary>
public sealed class RealtimeTicketingNotifier(SocketIoServer server, TimeProvider time) : ITicketingNotifier
{
    private const string Locked = "locked";
    private const string Reserved = "reserved";
    private const string Available = "available";

    /// <inheritdoc />
    /// <remarks><c>seat-selected</c> (what the client applies) and <c>seat-locked</c> (the original's name), without the holder's id.</remarks>
    public ValueTask SeatsHeld(Guid eventId, IReadOnlyList<Guid> seatIds)
    {
        var room = server.To(RealtimeRooms.Seats(eventId));
        var timestamp = Now();
        foreach (var seatId in seatIds)
        {
            var payload = new SeatStatusPayload(seatId, Locked, timestamp);
            room.Emit("seat-selected", payload, RealtimeJson.Default.SeatStatusPayload);
            room.Emit("seat-locked", payload, RealtimeJson.Default.SeatStatusPayload);
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask SeatsReserved(Guid eventId, IReadOnlyList<Guid> seatIds) =>
        EmitSeats(eventId, seatIds, "seat-selected", Reserved);

    /// <inheritdoc />
    public ValueTask SeatsReleased(Guid eventId, IReadOnlyList<Guid> seatIds) =>
        EmitSeats(eventId, seatIds, "seat-released", Available);

    /// <inheritdoc />
    public ValueTask StockChanged(Guid eventId, Guid ticketTypeId, int available, int total)
    {
        server.To(RealtimeRooms.Event(eventId)).Emit(
            "ticket-updated", new TicketUpdatedPayload(ticketTypeId, available, total, Now()), RealtimeJson.Default.TicketUpdatedPayload);
        return ValueTask.CompletedTask;
    }

    private ValueTask EmitSeats(Guid eventId, IReadOnlyList<Guid> seatIds, string eventName, string status)
    {
        var room = server.To(RealtimeRooms.Seats(eventId));
        var timestamp = Now();
        foreach (var seatId in seatIds)
        {
            room.Emit(eventName, new SeatStatusPayload(seatId, status, timestamp), RealtimeJson.Default.SeatStatusPayload);
        }

        return ValueTask.CompletedTask;
    }

    private string Now() => ContractTime.ToContractString(time.GetUtcNow());
}
