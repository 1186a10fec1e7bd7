using Dapper;
using Npgsql;
using Tiketi.Core.Auth;
using Tiketi.Testing;

namespace Tiketi.Core.IntegrationTests.Holds;

/// <summary>Creates test data with plain SQL in the edge's own database.</summary>
public sealed class TicketingCatalog(EdgeServer server)
{
    /// <summary>The edge's data source.</summary>
    public NpgsqlDataSource Database => server.GetRequiredService<NpgsqlDataSource>();

    /// <summary>Creates <paramref name="count"/> users and tokens for them.</summary>
    public async Task<TestUser[]> UsersAsync(int count)
    {
        var tokens = server.GetRequiredService<AccessTokens>();
        await using var connection = await Database.OpenConnectionAsync();
        var ids = (await connection.QueryAsync<Guid>(
            """
            INSERT INTO users (email, password_hash, name, role)
            SELECT 'buyer-' || gen_random_uuid() || '@test.tiketi', 'x', '구매자', 'user' FROM generate_series(1, @count)
            RETURNING id
            """,
            new { count })).ToArray();
        return [.. ids.Select(id => new TestUser(id, tokens.Issue(id, $"{id}@test.tiketi", "user")))];
    }

    /// <summary>Creates one user.</summary>
    public async Task<TestUser> UserAsync() => (await UsersAsync(1))[0];

    /// <summary>
    /// Creates an event in <paramref name="status"/> whose sale window contains now (or not, for
    /// <c>upcoming</c>/<c>ended</c>), with <paramref name="seats"/> seats of <paramref name="seatPrice"/> in section
    /// "VIP" (labels VIP-1-1 …, 50 per row) and one ticket type per entry of <paramref name="ticketStock"/>.
    /// </summary>
    public async Task<TestEvent> EventAsync(int seats = 0, int seatPrice = 150000, string status = "on_sale", params int[] ticketStock)
    {
        var (start, end) = status switch
        {
            "upcoming" => ("now() + interval '1 day'", "now() + interval '2 days'"),
            "ended" => ("now() - interval '2 days'", "now() - interval '1 day'"),
            _ => ("now() - interval '1 hour'", "now() + interval '1 day'"),
        };
        await using var connection = await Database.OpenConnectionAsync();
        var eventId = await connection.ExecuteScalarAsync<Guid>(
            $"""
            INSERT INTO events (title, venue, address, event_date, sale_start_date, sale_end_date, status)
            VALUES ('테스트 공연', '테스트홀', '서울시', now() + interval '30 days', {start}, {end}, @status)
            RETURNING id
            """,
            new { status });
        var seatIds = (await connection.QueryAsync<Guid>(
            """
            INSERT INTO seats (event_id, section, row_number, seat_number, seat_label, price)
            SELECT @eventId, 'VIP', (n - 1) / 50 + 1, (n - 1) % 50 + 1, 'VIP-' || ((n - 1) / 50 + 1) || '-' || ((n - 1) % 50 + 1), @seatPrice
              FROM generate_series(1, @seats) AS n
            ORDER BY n
            RETURNING id
            """,
            new { eventId, seats, seatPrice })).ToArray();
        var ticketTypes = new List<Guid>();
        for (var i = 0; i < ticketStock.Length; i++)
        {
            ticketTypes.Add(await connection.ExecuteScalarAsync<Guid>(
                """
                INSERT INTO ticket_types (event_id, name, price, total_quantity, available_quantity, description)
                VALUES (@eventId, @name, @price, @stock, @stock, NULL) RETURNING id
                """,
                new { eventId, name = $"등급{i + 1}석", price = 50000 * (i + 1), stock = ticketStock[i] }));
        }

        return new TestEvent(eventId, seatIds, ticketTypes);
    }

    /// <summary>A seat's status.</summary>
    public async Task<string> SeatStatusAsync(Guid seatId)
    {
        await using var connection = await Database.OpenConnectionAsync();
        return await connection.ExecuteScalarAsync<string>("SELECT status FROM seats WHERE id = @seatId", new { seatId }) ?? "missing";
    }

    /// <summary>A ticket type's available quantity.</summary>
    public async Task<int> AvailableAsync(Guid ticketTypeId)
    {
        await using var connection = await Database.OpenConnectionAsync();
        return await connection.ExecuteScalarAsync<int>("SELECT available_quantity FROM ticket_types WHERE id = @ticketTypeId", new { ticketTypeId });
    }

    /// <summary>A reservation's (status, payment_status).</summary>
    public async Task<(string Status, string PaymentStatus)> ReservationStateAsync(Guid reservationId)
    {
        await using var connection = await Database.OpenConnectionAsync();
        var row = await connection.QuerySingleAsync<(string, string)>(
            "SELECT status, payment_status FROM reservations WHERE id = @reservationId", new { reservationId });
        return row;
    }

    /// <summary>Moves a reservation's deadline into the past, as if its hold time had passed.</summary>
    public async Task ExpireNowAsync(Guid reservationId)
    {
        await using var connection = await Database.OpenConnectionAsync();
        await connection.ExecuteAsync("UPDATE reservations SET expires_at = now() - interval '1 second' WHERE id = @reservationId", new { reservationId });
    }

    /// <summary>Seats of the event that appear in more than one live (not cancelled) reservation.</summary>
    public async Task<int> DoublyHeldSeatsAsync(Guid eventId)
    {
        await using var connection = await Database.OpenConnectionAsync();
        return await connection.ExecuteScalarAsync<int>(
            """
            SELECT COUNT(*)::int FROM (
              SELECT i.seat_id FROM reservation_items i JOIN reservations r ON r.id = i.reservation_id
               WHERE r.event_id = @eventId AND r.status <> 'cancelled' AND i.seat_id IS NOT NULL
               GROUP BY i.seat_id HAVING COUNT(*) > 1) d
            """,
            new { eventId });
    }
}
