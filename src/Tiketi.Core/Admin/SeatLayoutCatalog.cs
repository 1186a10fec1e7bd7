using System.Text.Json;
using Dapper;
using Npgsql;

namespace Tiketi.Core.Admin;

/// <summary>Reads the seat layouts (REST.md §3.24: ordered by name).</summary>
public sealed class SeatLayoutCatalog(NpgsqlDataSource dataSource)
{
    /// <summary>All layouts, ordered by name.</summary>
    public async Task<IReadOnlyList<SeatLayoutRow>> ListAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<(Guid Id, string Name, string? Description, int TotalSeats, string Config)>(new CommandDefinition(
            "SELECT id, name, description, total_seats, layout_config::text FROM seat_layouts ORDER BY name", cancellationToken: cancellationToken)).ConfigureAwait(false);
        var layouts = new List<SeatLayoutRow>();
        foreach (var row in rows)
        {
            using var config = JsonDocument.Parse(row.Config);
            layouts.Add(new SeatLayoutRow
            {
                id = row.Id,
                name = row.Name,
                description = row.Description,
                total_seats = row.TotalSeats,
                layout_config = config.RootElement.Clone(),
            });
        }

        return layouts;
    }
}
