using System.Data.Common;
using Npgsql;
using Tiketi.Core.Notifications;

namespace Tiketi.Core.Reservations;

/// <summary>
/// Gives back the seats and stock of reservations that are being cancelled, inside the
/// caller's transaction (the caller holds the reservations' row locks and flips their status
/// in the same transaction), in one round trip: migration 0030's <c>tiketi_release_inventory</c>
/// frees the still-locked (or sold) seats and restores the stock, locking rows in id order so
/// concurrent releases and purchases cannot deadlock.
/// </summary>
internal static class InventoryRelease
{
    private const string ReleaseSql = "SELECT reservation_id, event_id, seat_id, ticket_type_id, available, total FROM tiketi_release_inventory($1, $2)";

    /// <summary>Frees the reservations' seats (locked ones; sold ones too when <paramref name="includeSold"/>) and restores their stock.</summary>
    public static async Task<ReleasedInventory> ReleaseAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid[] reservationIds, bool includeSold, CancellationToken cancellationToken)
    {
        var released = new ReleasedInventory();
        await using var command = new NpgsqlCommand(ReleaseSql, connection, transaction);
        command.Parameters.Add(new NpgsqlParameter<Guid[]> { TypedValue = reservationIds });
        command.Parameters.Add(new NpgsqlParameter<bool> { TypedValue = includeSold });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            ReadRow(reader, 0, released);
        }

        return released;
    }

    /// <summary>
    /// Adds one row of <c>tiketi_release_inventory</c>'s shape, starting at column <paramref name="first"/>
    /// (reservation_id, event_id, seat_id, ticket_type_id, available, total), to <paramref name="released"/>:
    /// a freed seat, a restored stock level, or nothing (a row that only carries an outcome).
    /// </summary>
    public static void ReadRow(DbDataReader reader, int first, ReleasedInventory released)
    {
        if (!reader.IsDBNull(first + 2))
        {
            released.AddSeat(new ReleasedSeat(reader.GetGuid(first), reader.GetGuid(first + 1), reader.GetGuid(first + 2)));
        }
        else if (!reader.IsDBNull(first + 3))
        {
            released.AddStock(new StockLevel(reader.GetGuid(first + 1), reader.GetGuid(first + 3), reader.GetInt32(first + 4), reader.GetInt32(first + 5)));
        }
    }
}
