using Dapper;
using Npgsql;
using Tiketi.Core.Notifications;

namespace Tiketi.Core.Reservations;

/// <summary>
/// Gives back the seats and stock of reservations that are being cancelled, inside the
/// caller's transaction (the caller holds the reservations' row locks and flips their status
/// in the same transaction). Rows are locked in id order so concurrent releases and purchases
/// cannot deadlock.
/// </summary>
internal static class InventoryRelease
{
    // A seat is freed only while it is still locked (or sold, for a user cancel) — and, thanks
    // to the one-live-seat index, a live reservation is the only one that can hold it.
    private const string FreeSeatsSql = """
        WITH mine AS (
            SELECT i.reservation_id, i.seat_id
              FROM reservation_items i
             WHERE i.reservation_id = ANY(@ids) AND i.seat_id IS NOT NULL
        ), locked AS (
            SELECT s.id FROM seats s JOIN mine ON mine.seat_id = s.id
             WHERE s.status = ANY(@statuses)
             ORDER BY s.id
               FOR UPDATE OF s
        )
        UPDATE seats s SET status = 'available', updated_at = now()
          FROM mine, locked
         WHERE s.id = mine.seat_id AND s.id = locked.id
        RETURNING mine.reservation_id AS ReservationId, s.event_id AS EventId, s.id AS SeatId
        """;

    private const string RestoreStockSql = """
        WITH wanted AS (
            SELECT ticket_type_id, SUM(quantity)::int AS quantity
              FROM reservation_items
             WHERE reservation_id = ANY(@ids) AND ticket_type_id IS NOT NULL
             GROUP BY ticket_type_id
        ), locked AS (
            SELECT t.id FROM ticket_types t JOIN wanted w ON w.ticket_type_id = t.id
             ORDER BY t.id
               FOR UPDATE OF t
        )
        UPDATE ticket_types t SET available_quantity = t.available_quantity + w.quantity, updated_at = now()
          FROM wanted w, locked
         WHERE t.id = w.ticket_type_id AND t.id = locked.id
        RETURNING t.event_id AS EventId, t.id AS TicketTypeId, t.available_quantity AS Available, t.total_quantity AS Total
        """;

    private static readonly string[] LockedOnly = ["locked"];
    private static readonly string[] LockedOrReserved = ["locked", "reserved"];

    /// <summary>Frees the reservations' seats (locked ones; sold ones too when <paramref name="includeSold"/>) and restores their stock.</summary>
    public static async Task<ReleasedInventory> ReleaseAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid[] reservationIds, bool includeSold, CancellationToken cancellationToken)
    {
        var released = new ReleasedInventory();
        var seats = await connection.QueryAsync<SeatRow>(new CommandDefinition(
            FreeSeatsSql,
            new { ids = reservationIds, statuses = includeSold ? LockedOrReserved : LockedOnly },
            transaction,
            cancellationToken: cancellationToken)).ConfigureAwait(false);
        foreach (var seat in seats)
        {
            released.AddSeat(new ReleasedSeat(seat.ReservationId, seat.EventId, seat.SeatId));
        }

        var stock = await connection.QueryAsync<StockRow>(new CommandDefinition(
            RestoreStockSql, new { ids = reservationIds }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        foreach (var level in stock)
        {
            released.AddStock(new StockLevel(level.EventId, level.TicketTypeId, level.Available, level.Total));
        }

        return released;
    }

    private sealed class SeatRow
    {
        public Guid ReservationId { get; set; }

        public Guid EventId { get; set; }

        public Guid SeatId { get; set; }
    }

    private sealed class StockRow
    {
        public Guid EventId { get; set; }

        public Guid TicketTypeId { get; set; }

        public int Available { get; set; }

        public int Total { get; set; }
    }
}
