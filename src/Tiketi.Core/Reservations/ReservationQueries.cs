using Dapper;
using Npgsql;

namespace Tiketi.Core.Reservations;

/// <summary>The owner's reads of reservations (REST 3.9, 3.10, 3.15); another user's reservation does not exist.</summary>
public sealed class ReservationQueries(NpgsqlDataSource dataSource)
{
    private const string Columns = """
        r.id AS Id, r.reservation_number AS ReservationNumber, r.total_amount AS TotalAmount,
        r.status AS Status, r.payment_status AS PaymentStatus, r.payment_method AS PaymentMethod,
        r.expires_at AS ExpiresAt, r.created_at AS CreatedAt, r.event_id AS EventId,
        e.title AS EventTitle, e.venue AS Venue, e.address AS Address, e.event_date AS EventDate,
        (r.status <> 'confirmed' AND r.expires_at IS NOT NULL AND r.expires_at < now()) AS IsExpired
        """;

    private static readonly string MineSql = $"""
        SELECT {Columns}
          FROM reservations r LEFT JOIN events e ON e.id = r.event_id
         WHERE r.user_id = @userId
         ORDER BY r.created_at DESC, r.id
        """;

    private static readonly string OneSql = $"""
        SELECT {Columns}
          FROM reservations r LEFT JOIN events e ON e.id = r.event_id
         WHERE r.id = @id AND r.user_id = @userId
        """;

    private const string ItemsSql = """
        SELECT i.reservation_id AS ReservationId,
               COALESCE(t.name, s.seat_label) AS TicketTypeName,
               i.quantity AS Quantity, i.unit_price AS UnitPrice, i.subtotal AS Subtotal,
               s.id AS SeatId, s.seat_label AS SeatLabel, s.section AS Section,
               s.row_number AS RowNumber, s.seat_number AS SeatNumber
          FROM reservation_items i
          LEFT JOIN ticket_types t ON t.id = i.ticket_type_id
          LEFT JOIN seats s ON s.id = i.seat_id
         WHERE i.reservation_id = ANY(@ids)
         ORDER BY i.reservation_id, s.section, s.row_number, s.seat_number, i.id
        """;

    /// <summary>All of the user's reservations, newest first, with items.</summary>
    public async Task<IReadOnlyList<ReservationView>> MineAsync(Guid userId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var reservations = (await connection.QueryAsync<ReservationView>(new CommandDefinition(
            MineSql, new { userId }, cancellationToken: cancellationToken)).ConfigureAwait(false)).AsList();
        await AttachItemsAsync(connection, reservations, cancellationToken).ConfigureAwait(false);
        return reservations;
    }

    /// <summary>The user's reservation, or null when it does not exist or belongs to someone else.</summary>
    public async Task<ReservationView?> FindAsync(Guid userId, Guid reservationId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var reservation = await connection.QuerySingleOrDefaultAsync<ReservationView>(new CommandDefinition(
            OneSql, new { id = reservationId, userId }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        if (reservation is not null)
        {
            await AttachItemsAsync(connection, [reservation], cancellationToken).ConfigureAwait(false);
        }

        return reservation;
    }

    private static async Task AttachItemsAsync(NpgsqlConnection connection, List<ReservationView> reservations, CancellationToken cancellationToken)
    {
        if (reservations.Count == 0)
        {
            return;
        }

        var ids = new Guid[reservations.Count];
        for (var i = 0; i < ids.Length; i++)
        {
            ids[i] = reservations[i].Id;
        }

        var items = await connection.QueryAsync<ReservationItemView>(new CommandDefinition(
            ItemsSql, new { ids }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        var byReservation = items.GroupBy(i => i.ReservationId).ToDictionary(g => g.Key, g => (IReadOnlyList<ReservationItemView>)g.ToArray());
        foreach (var reservation in reservations)
        {
            reservation.Items = byReservation.GetValueOrDefault(reservation.Id) ?? [];
        }
    }
}
