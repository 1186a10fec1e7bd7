using Dapper;
using Npgsql;

namespace Tiketi.Core.Admin;

/// <summary>
/// Writes an event's seats from a <see cref="SeatLayoutPlan"/> in ONE statement (INSERT … SELECT over
/// generate_series), inside the caller's transaction — 4,900 stadium seats are one round trip, not 4,900
/// (FLOWS.md defect 14). Rows and seat numbers follow DATA.md §6 exactly.
/// </summary>
internal static class SeatGenerator
{
    private const string InsertSql = """
        INSERT INTO seats (event_id, section, row_number, seat_number, seat_label, price, status)
        SELECT @eventId, s.name, s.start_row + r, n, s.name || '-' || (s.start_row + r) || '-' || n, s.price, 'available'
          FROM unnest(@names, @rows, @perRow, @prices, @startRows) WITH ORDINALITY AS s(name, rows, per_row, price, start_row, ord)
         CROSS JOIN LATERAL generate_series(0, s.rows - 1) AS r
         CROSS JOIN LATERAL generate_series(1, s.per_row) AS n
         ORDER BY s.ord, r, n
        """;

    /// <summary>Inserts every seat of <paramref name="plan"/> for <paramref name="eventId"/>; returns how many.</summary>
    public static Task<int> InsertAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid eventId, SeatLayoutPlan plan, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition(
            InsertSql,
            new { eventId, names = plan.Names, rows = plan.Rows, perRow = plan.SeatsPerRow, prices = plan.Prices, startRows = plan.StartRows },
            transaction,
            cancellationToken: cancellationToken));
}
