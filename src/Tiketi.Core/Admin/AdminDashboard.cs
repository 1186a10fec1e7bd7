using Dapper;
using Npgsql;
using Tiketi.Core.Time;

namespace Tiketi.Core.Admin;

/// <summary>
/// The admin dashboard (REST.md §3.23): the contract's four totals and ten newest reservations, plus live figures.
/// "Today" is the Asia/Seoul calendar day whatever the host's zone. The live figures read only index ranges —
/// unexpired holds through the partial <c>(expires_at) WHERE status = 'pending'</c> index, today's sales through
/// <c>created_at</c>, on-sale events through <c>status</c> — so they stay cheap however many reservations exist;
/// connected users and queue sizes come from <see cref="IEventAudience"/> and <see cref="IWaitingRoomFigures"/>.
/// </summary>
public sealed class AdminDashboard(NpgsqlDataSource dataSource, IEventAudience audience, IWaitingRoomFigures waitingRooms, TimeProvider time)
{
    /// <summary>How many on-sale events the live section lists.</summary>
    public const int MaxLiveEvents = 50;

    private const string StatsSql = """
        SELECT (SELECT COUNT(*) FROM events)::int AS totalEvents,
               (SELECT COUNT(*) FROM reservations WHERE status <> 'cancelled')::int AS totalReservations,
               (SELECT COALESCE(SUM(total_amount), 0) FROM reservations WHERE payment_status = 'completed')::bigint AS totalRevenue,
               (SELECT COUNT(*) FROM reservations WHERE status <> 'cancelled' AND created_at >= @dayStart AND created_at < @dayEnd)::int AS todayReservations
        """;

    private const string RecentSql = """
        SELECT r.id, r.reservation_number, r.total_amount, r.status, r.created_at,
               u.name AS user_name, u.email AS user_email, e.title AS event_title
          FROM reservations r
          LEFT JOIN users u ON u.id = r.user_id
          LEFT JOIN events e ON e.id = r.event_id
         ORDER BY r.created_at DESC, r.id DESC
         LIMIT 10
        """;

    private const string HoldsByEventSql = """
        SELECT event_id AS EventId, COUNT(*)::int AS Holds
          FROM reservations
         WHERE status = 'pending' AND expires_at > now()
         GROUP BY event_id
        """;

    private const string SalesTodaySql = """
        SELECT COUNT(*)::int AS Sales, COALESCE(SUM(total_amount), 0)::bigint AS Revenue
          FROM reservations
         WHERE created_at >= @dayStart AND created_at < @dayEnd AND payment_status = 'completed'
        """;

    private const string OnSaleEventsSql = """
        SELECT id, title FROM events WHERE status = 'on_sale' ORDER BY sale_start_date, id LIMIT @limit
        """;

    /// <summary>Reads the whole dashboard.</summary>
    public async Task<(DashboardStats Stats, IReadOnlyList<DashboardReservation> Recent, LiveDashboard Live)> GetAsync(CancellationToken cancellationToken)
    {
        var (dayStart, dayEnd) = ContractTime.SeoulDay(time.GetUtcNow());
        var day = new { dayStart = dayStart.UtcDateTime, dayEnd = dayEnd.UtcDateTime };
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var stats = await connection.QuerySingleAsync<DashboardStats>(new CommandDefinition(StatsSql, day, cancellationToken: cancellationToken)).ConfigureAwait(false);
        var recent = (await connection.QueryAsync<DashboardReservation>(new CommandDefinition(RecentSql, cancellationToken: cancellationToken)).ConfigureAwait(false)).AsList();
        var holds = (await connection.QueryAsync<(Guid? EventId, int Holds)>(new CommandDefinition(HoldsByEventSql, cancellationToken: cancellationToken)).ConfigureAwait(false))
            .Where(h => h.EventId is not null)
            .ToDictionary(h => h.EventId!.Value, h => h.Holds);
        var sales = await connection.QuerySingleAsync<(int Sales, long Revenue)>(new CommandDefinition(SalesTodaySql, day, cancellationToken: cancellationToken)).ConfigureAwait(false);
        var onSale = (await connection.QueryAsync<(Guid Id, string Title)>(new CommandDefinition(OnSaleEventsSql, new { limit = MaxLiveEvents }, cancellationToken: cancellationToken)).ConfigureAwait(false)).AsList();

        var live = new LiveDashboard { activeHolds = holds.Values.Sum(), salesToday = sales.Sales, revenueToday = sales.Revenue };
        var events = new List<LiveEventFigures>(onSale.Count);
        foreach (var (id, title) in onSale)
        {
            var connected = await audience.ConnectedUsersAsync(id, cancellationToken).ConfigureAwait(false);
            var queue = await waitingRooms.GetAsync(id, cancellationToken).ConfigureAwait(false);
            events.Add(new LiveEventFigures
            {
                id = id,
                title = title,
                connectedUsers = connected,
                queueWaiting = queue.Waiting,
                queueActive = queue.Active,
                activeHolds = holds.GetValueOrDefault(id),
            });
            live.connectedUsers += connected;
            live.queueWaiting += queue.Waiting;
            live.queueActive += queue.Active;
        }

        live.events = events;
        return (stats, recent, live);
    }
}
