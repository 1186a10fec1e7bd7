using Dapper;
using Npgsql;
using Tiketi.Core.Auth;
using Tiketi.Core.IntegrationTests.Holds;

namespace Tiketi.Core.IntegrationTests.Admin;

/// <summary>Test data written and read with plain SQL in the server's own database.</summary>
public sealed class AdminCatalog(NpgsqlDataSource database, AccessTokens tokens)
{
    /// <summary>The server's data source.</summary>
    public NpgsqlDataSource Database => database;

    /// <summary>Creates a user with <paramref name="role"/> and a valid token for it.</summary>
    public async Task<TestUser> UserAsync(string role = "user")
    {
        await using var connection = await database.OpenConnectionAsync();
        var email = $"{role}-{Guid.NewGuid():N}@test.tiketi";
        var id = await connection.ExecuteScalarAsync<Guid>(
            "INSERT INTO users (email, password_hash, name, role) VALUES (@email, 'x', @name, @role) RETURNING id",
            new { email, name = role == "admin" ? "관리자" : "구매자", role });
        return new TestUser(id, tokens.Issue(id, email, role));
    }

    /// <summary>Creates an admin.</summary>
    public Task<TestUser> AdminAsync() => UserAsync("admin");

    /// <summary>
    /// Creates an on-sale event (sale window around now) with <paramref name="seats"/> seats (section VIP, price
    /// 150000, 50 per row) and one ticket type per entry of <paramref name="ticketStock"/>.
    /// </summary>
    public async Task<TestEvent> EventAsync(int seats = 0, params int[] ticketStock)
    {
        await using var connection = await database.OpenConnectionAsync();
        var eventId = await connection.ExecuteScalarAsync<Guid>(
            """
            INSERT INTO events (title, venue, address, event_date, sale_start_date, sale_end_date, status)
            VALUES ('관리 테스트 공연', '테스트홀', '서울시', now() + interval '30 days', now() - interval '1 hour', now() + interval '1 day', 'on_sale')
            RETURNING id
            """);
        var seatIds = (await connection.QueryAsync<Guid>(
            """
            INSERT INTO seats (event_id, section, row_number, seat_number, seat_label, price)
            SELECT @eventId, 'VIP', (n - 1) / 50 + 1, (n - 1) % 50 + 1, 'VIP-' || ((n - 1) / 50 + 1) || '-' || ((n - 1) % 50 + 1), 150000
              FROM generate_series(1, @seats) AS n
             ORDER BY n
            RETURNING id
            """,
            new { eventId, seats })).ToArray();
        var ticketTypes = new List<Guid>();
        foreach (var stock in ticketStock)
        {
            ticketTypes.Add(await connection.ExecuteScalarAsync<Guid>(
                "INSERT INTO ticket_types (event_id, name, price, total_quantity, available_quantity) VALUES (@eventId, 'R석', 50000, @stock, @stock) RETURNING id",
                new { eventId, stock }));
        }

        return new TestEvent(eventId, seatIds, ticketTypes);
    }

    /// <summary>Creates a seat layout and returns its id.</summary>
    public async Task<Guid> LayoutAsync(string layoutConfigJson, int totalSeats)
    {
        await using var connection = await database.OpenConnectionAsync();
        return await connection.ExecuteScalarAsync<Guid>(
            "INSERT INTO seat_layouts (name, description, total_seats, layout_config) VALUES (@name, '테스트', @totalSeats, @config::jsonb) RETURNING id",
            new { name = $"layout-{Guid.NewGuid():N}", totalSeats, config = layoutConfigJson });
    }

    /// <summary>The id of a standard layout (migration 0010).</summary>
    public async Task<Guid> StandardLayoutAsync(string name)
    {
        await using var connection = await database.OpenConnectionAsync();
        return await connection.ExecuteScalarAsync<Guid>("SELECT id FROM seat_layouts WHERE name = @name", new { name });
    }

    /// <summary>Runs a scalar query.</summary>
    public async Task<T> ScalarAsync<T>(string sql, object? parameters = null)
    {
        await using var connection = await database.OpenConnectionAsync();
        return (await connection.ExecuteScalarAsync<T>(sql, parameters))!;
    }

    /// <summary>Runs a command.</summary>
    public async Task<int> ExecuteAsync(string sql, object? parameters = null)
    {
        await using var connection = await database.OpenConnectionAsync();
        return await connection.ExecuteAsync(sql, parameters);
    }

    /// <summary>Runs a query.</summary>
    public async Task<List<T>> QueryAsync<T>(string sql, object? parameters = null)
    {
        await using var connection = await database.OpenConnectionAsync();
        return (await connection.QueryAsync<T>(sql, parameters)).AsList();
    }

    /// <summary>A reservation's (status, payment_status).</summary>
    public async Task<(string Status, string PaymentStatus)> ReservationStateAsync(Guid reservationId)
    {
        await using var connection = await database.OpenConnectionAsync();
        return await connection.QuerySingleAsync<(string, string)>("SELECT status, payment_status FROM reservations WHERE id = @reservationId", new { reservationId });
    }

    /// <summary>A seat's status.</summary>
    public Task<string> SeatStatusAsync(Guid seatId) => ScalarAsync<string>("SELECT status FROM seats WHERE id = @seatId", new { seatId });

    /// <summary>A ticket type's (available, total).</summary>
    public async Task<(int Available, int Total)> StockAsync(Guid ticketTypeId)
    {
        await using var connection = await database.OpenConnectionAsync();
        return await connection.QuerySingleAsync<(int, int)>("SELECT available_quantity, total_quantity FROM ticket_types WHERE id = @ticketTypeId", new { ticketTypeId });
    }
}
