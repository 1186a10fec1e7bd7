using Npgsql;

namespace Tiketi.LoadTests;

/// <summary>
/// After the rush, straight from PostgreSQL (not through the API under test): no seat of the event is in two live
/// (pending or confirmed) reservations or was paid for twice, every paid reservation's seat is 'reserved', every
/// 'reserved' seat has exactly the paid reservation behind it, and the paid count matches what the buyers were told.
/// </summary>
internal sealed record RushOversellAudit(long SeatsInTwoLiveReservations, long SeatsPaidTwice, long PaidSeatsNotReserved, long ReservedSeatsWithoutPayment,
    long PaidReservations, long ReservedSeats, long LockedSeats, long PendingReservations, long TotalSeats, long PaidByGenerator)
{
    /// <summary>True when nothing was oversold and the counts add up.</summary>
    public bool Clean => SeatsInTwoLiveReservations == 0 && SeatsPaidTwice == 0 && PaidSeatsNotReserved == 0 && ReservedSeatsWithoutPayment == 0
        && PaidReservations == PaidByGenerator && ReservedSeats == PaidReservations;

    public static async Task<RushOversellAudit> RunAsync(string databaseUrl, Guid eventId, long paidByGenerator, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(ConnectionString(databaseUrl));
        await connection.OpenAsync(cancellationToken);

        async Task<long> CountAsync(string sql)
        {
            await using var command = new NpgsqlCommand(sql, connection);
            command.Parameters.AddWithValue("e", eventId);
            return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
        }

        const string SeatItems = "reservation_items ri JOIN reservations r ON r.id = ri.reservation_id WHERE r.event_id = @e AND ri.seat_id IS NOT NULL";
        return new RushOversellAudit(
            await CountAsync($"SELECT count(*) FROM (SELECT ri.seat_id FROM {SeatItems} AND r.status IN ('pending','confirmed') GROUP BY ri.seat_id HAVING count(*) > 1) d"),
            await CountAsync($"SELECT count(*) FROM (SELECT ri.seat_id FROM {SeatItems} AND r.payment_status IN ('completed','refunded') GROUP BY ri.seat_id HAVING count(*) > 1) d"),
            await CountAsync("SELECT count(*) FROM reservation_items ri JOIN reservations r ON r.id = ri.reservation_id JOIN seats s ON s.id = ri.seat_id " +
                "WHERE r.event_id = @e AND r.status = 'confirmed' AND r.payment_status = 'completed' AND s.status <> 'reserved'"),
            await CountAsync("SELECT count(*) FROM seats s WHERE s.event_id = @e AND s.status = 'reserved' AND NOT EXISTS (SELECT 1 FROM reservation_items ri " +
                "JOIN reservations r ON r.id = ri.reservation_id WHERE ri.seat_id = s.id AND r.status = 'confirmed' AND r.payment_status = 'completed')"),
            await CountAsync("SELECT count(*) FROM reservations WHERE event_id = @e AND status = 'confirmed' AND payment_status = 'completed'"),
            await CountAsync("SELECT count(*) FROM seats WHERE event_id = @e AND status = 'reserved'"),
            await CountAsync("SELECT count(*) FROM seats WHERE event_id = @e AND status = 'locked'"),
            await CountAsync("SELECT count(*) FROM reservations WHERE event_id = @e AND status = 'pending'"),
            await CountAsync("SELECT count(*) FROM seats WHERE event_id = @e"),
            paidByGenerator);
    }

    public override string ToString() =>
        $"audit           {(Clean ? "CLEAN" : "OVERSOLD OR INCONSISTENT")}: {SeatsInTwoLiveReservations} seats in two live reservations, {SeatsPaidTwice} paid twice, " +
        $"{PaidSeatsNotReserved} paid seats not 'reserved', {ReservedSeatsWithoutPayment} 'reserved' seats without a payment; " +
        $"{PaidReservations} paid reservations (generator counted {PaidByGenerator}) = {ReservedSeats} reserved seats of {TotalSeats}; {LockedSeats} locked, {PendingReservations} pending";

    // postgres://user:password@host:port/database (what ./tiketi up exports) or an Npgsql connection string.
    private static string ConnectionString(string databaseUrl)
    {
        if (!databaseUrl.StartsWith("postgres", StringComparison.Ordinal))
        {
            return databaseUrl;
        }
        var uri = new Uri(databaseUrl);
        var credentials = uri.UserInfo.Split(':', 2);
        return new NpgsqlConnectionStringBuilder
        {
            Host = uri.Host,
            Port = uri.Port > 0 ? uri.Port : 5432,
            Username = Uri.UnescapeDataString(credentials[0]),
            Password = credentials.Length > 1 ? Uri.UnescapeDataString(credentials[1]) : null,
            Database = uri.AbsolutePath.TrimStart('/'),
        }.ConnectionString;
    }
}
