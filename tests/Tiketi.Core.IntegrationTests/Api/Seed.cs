using Dapper;
using Npgsql;

namespace Tiketi.Core.IntegrationTests.Api;

/// <summary>Inserts test rows directly into PostgreSQL.</summary>
internal static class Seed
{
    public static async Task<Guid> EventAsync(NpgsqlDataSource db, string title, string status = "on_sale", DateTimeOffset? saleStart = null,
        DateTimeOffset? saleEnd = null, DateTimeOffset? eventDate = null, Guid? layoutId = null, string? artist = null, string venue = "테스트홀")
    {
        var now = DateTimeOffset.UtcNow;
        await using var connection = await db.OpenConnectionAsync();
        return await connection.ExecuteScalarAsync<Guid>("""
            INSERT INTO events (title, description, venue, address, event_date, sale_start_date, sale_end_date, status, seat_layout_id, artist_name)
            VALUES (@title, NULL, @venue, '서울', @eventDate, @saleStart, @saleEnd, @status, @layoutId, @artist)
            RETURNING id
            """, new
        {
            title,
            venue,
            status,
            layoutId,
            artist,
            saleStart = saleStart ?? now.AddDays(-1),
            saleEnd = saleEnd ?? now.AddDays(10),
            eventDate = eventDate ?? now.AddDays(20),
        });
    }

    public static async Task<Guid> TicketTypeAsync(NpgsqlDataSource db, Guid eventId, string name, int price, int total, int available, string? description = null)
    {
        await using var connection = await db.OpenConnectionAsync();
        return await connection.ExecuteScalarAsync<Guid>("""
            INSERT INTO ticket_types (event_id, name, price, total_quantity, available_quantity, description)
            VALUES (@eventId, @name, @price, @total, @available, @description) RETURNING id
            """, new { eventId, name, price, total, available, description });
    }

    public static async Task<Guid> LayoutAsync(NpgsqlDataSource db, string name, string configJson, int totalSeats)
    {
        await using var connection = await db.OpenConnectionAsync();
        return await connection.ExecuteScalarAsync<Guid>(
            "INSERT INTO seat_layouts (name, description, total_seats, layout_config) VALUES (@name, 'test', @totalSeats, @configJson::jsonb) RETURNING id",
            new { name, totalSeats, configJson });
    }

    public static async Task ExecuteAsync(NpgsqlDataSource db, string sql, object? parameters = null)
    {
        await using var connection = await db.OpenConnectionAsync();
        await connection.ExecuteAsync(sql, parameters);
    }

    public static async Task<T> ScalarAsync<T>(NpgsqlDataSource db, string sql, object? parameters = null)
    {
        await using var connection = await db.OpenConnectionAsync();
        return (await connection.ExecuteScalarAsync<T>(sql, parameters))!;
    }
}
