using Npgsql;

namespace Tiketi.Core.Seats;

/// <summary>
/// Generates the seats of events from their layout (DATA.md §6) with one set-based INSERT … SELECT over
/// <c>jsonb_array_elements</c> × <c>generate_series</c> — never one INSERT per seat. A missing <c>startRow</c>
/// defaults to 1. Events that already have seats are skipped.
/// </summary>
public static class SeatGenerator
{
    private const string InsertSql = """
        INSERT INTO seats (event_id, section, row_number, seat_number, seat_label, price)
        SELECT e.id,
               sec.s->>'name',
               COALESCE((sec.s->>'startRow')::int, 1) + r.r,
               n.n,
               (sec.s->>'name') || '-' || (COALESCE((sec.s->>'startRow')::int, 1) + r.r) || '-' || n.n,
               (sec.s->>'price')::int
        FROM events e
        JOIN seat_layouts l ON l.id = e.seat_layout_id
        CROSS JOIN LATERAL jsonb_array_elements(l.layout_config->'sections') AS sec(s)
        CROSS JOIN LATERAL generate_series(0, (sec.s->>'rows')::int - 1) AS r(r)
        CROSS JOIN LATERAL generate_series(1, (sec.s->>'seatsPerRow')::int) AS n(n)
        WHERE /*filter*/
          AND NOT EXISTS (SELECT 1 FROM seats x WHERE x.event_id = e.id)
        ON CONFLICT (event_id, section, row_number, seat_number) DO NOTHING
        """;

    private static readonly string ForEventSql = InsertSql.Replace("/*filter*/", "e.id = $1", StringComparison.Ordinal);
    private static readonly string MissingSql = InsertSql.Replace("/*filter*/", "e.seat_layout_id IS NOT NULL", StringComparison.Ordinal);

    /// <summary>Generates the seats of one event (if it has a layout and no seats); returns the number inserted.</summary>
    public static async Task<int> GenerateForEventAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, Guid eventId, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(ForEventSql, connection, transaction);
        command.Parameters.Add(new NpgsqlParameter { Value = eventId });
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Generates seats for every event that has a layout but no seats (startup, DATA.md §9); returns the number inserted.</summary>
    public static async Task<int> GenerateMissingAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(MissingSql, connection, transaction)
        {
            CommandTimeout = 300,
        };
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
